#!/usr/bin/env bash
# run-stages.sh -- splits `jocker run --rm busybox true` into its stages: N runs of
# `jocker -D run --rm busybox true`, the median of each stage the engine logs (StageClock), of
# the rest of the command (JVM and CLI start, waiting for the exit, the --rm clean-up) and of
# the whole command, wall clock and CPU time (user + system of the whole process tree).
# Then the container init JVM alone: the CPU time it spent from posix_spawn to the execve of the
# user command, which the command's PID 1 keeps in /proc/1/stat (in 10 ms clock ticks, so the
# mean of the runs is printed).
#
#   sudo bench/run-stages.sh [DIST]    DIST: an unpacked distribution (default: distribution/target/jocker-*/)
#
# WARM=1 times the path a user gets once a supervisor runs: a supervisor started with -D (its
# debug log holds the stage lines) runs the containers, on its spare inits, and the launcher
# starts no JVM; "the rest" is then the launcher, creating the container, waiting and --rm.
#
# Knobs: RUNS (default 20), WARMUP (3), WARM, JAVA_HOME (the JDK bin/jocker uses). It builds the
# start-up archives first (bin/jocker-cds build), imports a busybox root file system into a
# temporary jocker root and checks afterwards that nothing was left mounted there and no cgroup
# under jocker/. CPU time moves much less than wall clock when other processes load the machine.
set -euo pipefail
# No network: on the default bridge a container would change the host's (see bench/supervisor.sh).
export JOCKER_DEFAULT_NETWORK=none
export LC_ALL=C
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}

[ "$(id -u)" = 0 ] || { echo "run-stages.sh: must run as root (containers need it)" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -gt 0 ]; then
  dist=$1
else
  dist=$(ls -d "$here"/../distribution/target/jocker-*/ 2>/dev/null | head -1)
  [ -n "$dist" ] || { echo "run-stages.sh: no distribution/target/jocker-*/ (build one: mvn -B package -DskipTests -pl distribution -am)" >&2; exit 2; }
fi
dist=$(cd "$dist" && pwd)
jocker=$dist/bin/jocker
[ -x "$jocker" ] || { echo "run-stages.sh: $jocker not found or not executable" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run-stages.sh: GNU time is required (apt-get install time)" >&2; exit 2; }
[ -x /usr/bin/busybox ] || { echo "run-stages.sh: /usr/bin/busybox is required (apt-get install busybox-static)" >&2; exit 2; }

work=$(mktemp -d /tmp/jocker-run-stages.XXXXXX)
root=$work/root
# Other jocker users on this machine come and go under jocker/ too: only the cgroups of the
# containers this script ran (their ids are in the debug log) count as leaks.
leaks() {
  local mounts cgroups id
  mounts=$(awk -v w="$work/" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo)
  cgroups=$(for id in $(cat "$work/ids" 2>/dev/null); do ls -d /sys/fs/cgroup/*/jocker/"$id"* 2>/dev/null; done)
  [ -z "$mounts" ] || echo "run-stages.sh: jocker left mounts under $work:"$'\n'"$mounts" >&2
  [ -z "$cgroups" ] || echo "run-stages.sh: jocker left cgroups:"$'\n'"$cgroups" >&2
  [ -z "$mounts" ] && [ -z "$cgroups" ]
}
. "$here/supervisor.sh"
cleanup() {
  stop_supervisor "$root"
  # Never remove a tree with something still mounted in it: that could reach into the image.
  if leaks; then rm -rf --one-file-system "$work"; else echo "run-stages.sh: left $work in place" >&2; fi
}
trap cleanup EXIT

"$dist/bin/jocker-cds" build >/dev/null

mkdir -p "$work/rootfs/bin"
cp /usr/bin/busybox "$work/rootfs/bin/busybox"
for applet in true sh cut; do ln -s busybox "$work/rootfs/bin/$applet"; done
tar -C "$work/rootfs" -cf "$work/busybox.tar" .
# import in a JVM would start a supervisor of its own (without -D) in the background
JOCKER_SUPERVISOR_IDLE_MILLIS=0 "$jocker" --root "$root" import "$work/busybox.tar" busybox >/dev/null
if [ -n "${WARM-}" ]; then
  JOCKER_SUPERVISOR_IDLE_MILLIS=600000 "$jocker" --root "$root" -D supervisor 2>"$work/supervisor.log" &
  await_warm_supervisor "$jocker" "$root"
fi

# One run: "stage<TAB>ms" lines from the debug log, then the whole command's wall and CPU time.
one_run() {
  if [ -n "${WARM-}" ]; then
    local seen
    seen=$(wc -l <"$work/supervisor.log")
    /usr/bin/time -f 'time %e %U %S' -o "$work/time" "$jocker" --root "$root" run --rm busybox true ||
      { echo "run-stages.sh: the command failed" >&2; exit 1; }
    tail -n +"$((seen + 1))" "$work/supervisor.log" >"$work/log"
  else
    /usr/bin/time -f 'time %e %U %S' -o "$work/time" "$jocker" -D --root "$root" run --rm busybox true 2>"$work/log" ||
      { echo "run-stages.sh: the command failed:" >&2; cat "$work/log" >&2; exit 1; }
  fi
  sed -n 's/^.*: container \([0-9a-f]*\): mounting.*$/\1/p' "$work/log" >>"$work/ids"
  sed -n 's/^.*: container [0-9a-f]*: \(.*\) took \([0-9.]*\) ms$/\1\t\2/p' "$work/log"
  awk '{ printf "whole command\t%.1f\nwhole command, cpu (user+sys)\t%.1f\n", $2 * 1000, ($3 + $4) * 1000 }' "$work/time"
}

for _ in $(seq "$WARMUP"); do one_run >/dev/null; done
for i in $(seq "$RUNS"); do one_run | sed "s/^/$i\t/"; done >"$work/samples"
[ -s "$work/samples" ] || { echo "run-stages.sh: no stage timings in the debug log (does this jocker log them with -D?)" >&2; exit 1; }

# The stages in the order they were logged, then the rest (whole minus the logged stages).
awk -F'\t' '
  $2 != "whole command" && $2 != "whole command, cpu (user+sys)" { logged[$1] += $3 }
  $2 == "whole command" { whole[$1] = $3 }
  END { for (i in whole) printf "%s\tCLI start, waiting, --rm clean-up (the rest)\t%.1f\n", i, whole[i] - logged[i] }
' "$work/samples" >>"$work/samples"

printf 'jocker run --rm busybox true, %s runs (%s warm-up), %s%s\n' "$RUNS" "$WARMUP" "$("$jocker" version 2>/dev/null | head -1)" \
  "${WARM:+, through a warm supervisor}"
printf 'load1 before: %s\n' "$(cut -d' ' -f1 /proc/loadavg)"
printf '%-48s %10s %10s\n' stage median min
# With WARM, the command's own CPU time is the launcher's only (the supervisor does the work): left out.
{ cut -f2 "$work/samples" | awk '!seen[$0]++' | grep -v '^whole command'; printf 'whole command\n'; [ -n "${WARM-}" ] || printf 'whole command, cpu (user+sys)\n'; } | while IFS= read -r stage; do
  awk -F'\t' -v s="$stage" '$2 == s { print $3 }' "$work/samples" | sort -n |
    awk -v s="$stage" '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%-48s %10.1f %10.1f\n", s, m, v[1] }'
done
# PID 1 is the init's process after execve: utime and stime (fields 14 and 15) are the init JVM's.
for _ in $(seq "$RUNS"); do
  "$jocker" --root "$root" run --rm busybox sh -c 'cut -d" " -f14,15 /proc/1/stat'
done | awk -v hz="$(getconf CLK_TCK)" '{ t += $1 + $2; n++ }
  END { printf "%-48s %10.1f\n", "container init JVM, cpu (mean, spawn to exec)", t * 1000 / hz / n }'
printf 'load1 after: %s\n' "$(cut -d' ' -f1 /proc/loadavg)"
