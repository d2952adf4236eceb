#!/usr/bin/env bash
# startup.sh -- whole-process start-up time of `jocker version` and `jocker info`, beside a
# hello-world JVM (the floor), on the default JDK and on JDK 25. Builds nothing.
# `version` is answered by the launcher; `info` is timed twice: cold (no supervisor runs, so
# a JVM of its own: JOCKER_SUPERVISOR_IDLE_MILLIS=0 keeps it from starting one) and warm (the
# supervisor that the first command started runs it, and the launcher starts no JVM).
#
#   bench/startup.sh [DIST]     DIST: an unpacked distribution (default: distribution/target/jocker-*/)
#
# Knobs (environment): RUNS=40 timed runs, WARMUP=5, JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
# (empty: skip). The default JDK is the one bin/jocker picks: JAVA_HOME, else java on PATH.
# It first makes sure the start-up archive is built for each JDK (bin/jocker-cds build), so no
# background training run disturbs the timings. Needs hyperfine and javac (for the floor).
set -euo pipefail
# No network: on the default bridge a container would change the host's (see bench/supervisor.sh).
export JOCKER_DEFAULT_NETWORK=none
export LC_ALL=C
RUNS=${RUNS:-40}
WARMUP=${WARMUP:-5}
JDK25=${JDK25-/usr/lib/jvm/temurin-25-jdk-amd64}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -gt 0 ]; then
  dist=$1
else
  dist=$(ls -d "$here"/../distribution/target/jocker-*/ 2>/dev/null | head -1)
  [ -n "$dist" ] || { echo "startup.sh: no distribution/target/jocker-*/ (build one: mvn -B package -DskipTests -pl distribution -am)" >&2; exit 2; }
fi
dist=$(cd "$dist" && pwd)
[ -x "$dist/bin/jocker" ] || { echo "startup.sh: $dist/bin/jocker not found or not executable" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "startup.sh: hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }

work=$(mktemp -d /tmp/jocker-startup.XXXXXX)
. "$here/supervisor.sh"
trap 'for r in "$work"/root-*; do stop_supervisor "$r"; done; rm -rf --one-file-system "$work"' EXIT

# The JVMs to compare: a label and a JAVA_HOME ("" = whatever bin/jocker finds by itself).
default_java=${JAVA_HOME:+$JAVA_HOME/bin/java}
default_java=${default_java:-$(command -v java)} || { echo "startup.sh: no java on PATH and no JAVA_HOME" >&2; exit 2; }
jdks=("default|${JAVA_HOME:-}")
if [ -n "$JDK25" ] && [ -x "$JDK25/bin/java" ]; then jdks+=("jdk25|$JDK25"); fi

# The floor: a class that prints one line, with jocker's JVM flags and the JDK's own archive.
javac=$(dirname "$(readlink -f "$default_java")")/javac
[ -x "$javac" ] || javac=$(command -v javac) || { echo "startup.sh: javac is required for the hello-world floor" >&2; exit 2; }
mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$work/Hello.java"
"$javac" --release 17 -d "$work/hello" "$work/Hello.java"
floor_flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss512k"

# median_ms NAME: "median (min)" of a hyperfine CSV export, in ms; the minimum shows what a
# quiet machine would give when other processes load this one.
median_ms() { awk -F, 'NR == 2 { printf "%.0f (%.0f)", $4 * 1000, $7 * 1000 }' "$work/$1.csv"; }
# bench NAME COMMAND: time COMMAND (no shell); a command that fails is reported, not timed.
bench() {
  local name=$1 cmd=$2
  if ! out=$($cmd 2>&1 >/dev/null); then
    echo "startup.sh: '$cmd' fails, not timed: $(printf '%s' "$out" | head -3)" >&2
    echo "failed" >"$work/$name.csv.status"
    return
  fi
  hyperfine -N --style none --warmup "$WARMUP" --runs "$RUNS" --export-csv "$work/$name.csv" "$cmd" >/dev/null 2>&1
}

printf 'jocker start-up, %s, %s runs each (ms: median (min)); load1 before: %s\n' "$dist" "$RUNS" "$(cut -d' ' -f1 /proc/loadavg)"
for entry in "${jdks[@]}"; do
  label=${entry%%|*}
  jhome=${entry#*|}
  (
    if [ -n "$jhome" ]; then export JAVA_HOME=$jhome; fi
    java=${JAVA_HOME:+$JAVA_HOME/bin/java}
    java=${java:-$default_java}
    mkdir -p "$work/root-$label"
    "$dist/bin/jocker-cds" build >/dev/null || echo "startup.sh: no start-up archive for $java; timing without" >&2
    bench "$label-floor" "$java $floor_flags -cp $work/hello Hello"
    bench "$label-version" "$dist/bin/jocker version"
    bench "$label-info-cold" "env JOCKER_SUPERVISOR_IDLE_MILLIS=0 $dist/bin/jocker --root $work/root-$label info"
    await_warm_supervisor "$dist/bin/jocker" "$work/root-$label"
    bench "$label-info-warm" "$dist/bin/jocker --root $work/root-$label info"
    stop_supervisor "$work/root-$label"
  )
  version=$(JAVA_HOME=$jhome "$dist/bin/jocker" version 2>/dev/null | sed -n 's/.*, java //p')
  row=("$label" "${version:-?}")
  for what in floor version info-cold info-warm; do
    if [ -f "$work/$label-$what.csv" ]; then row+=("$(median_ms "$label-$what")"); else row+=("failed"); fi
  done
  rows+=("$(printf '%-8s %-26s %10s %10s %10s %10s' "${row[@]}")")
done
printf '%-8s %-26s %10s %10s %10s %10s\n' JDK java floor version info-cold info-warm
printf '%s\n' "${rows[@]}"
printf 'load1 after: %s\n' "$(cut -d' ' -f1 /proc/loadavg)"
