#!/usr/bin/env bash
# cold.sh -- jocker's cold commands beside podman's, pair by pair, and the idle supervisor's memory
# (issue 21). Cold: no supervisor runs (JOCKER_SUPERVISOR_IDLE_MILLIS=0), the page cache is warm,
# as a user's second command after an idle spell. Each round runs the jocker command, then
# podman's, so that both see the same machine; the medians and their ratio are printed per JDK
# (the default one, and JDK 25 when present), with CPU time (user + system) beside wall time.
# Then the supervisor with its spare inits and one idle detached container: RSS and PSS summed
# over its processes (the container's own process excluded).
#
#   bench/cold.sh            as root, on a built distribution (mvn -B package -DskipTests)
#
# Knobs: RUNS=20 rounds per command, JDK25=/usr/lib/jvm/temurin-25-jdk-amd64 (empty: skip),
# SKIP_PODMAN=1 (jocker alone), BENCH_DIR=/tmp/jocker-bench-cold. Needs python3 (timing, rusage).
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")/.." && pwd)
B=${BENCH_DIR:-/tmp/jocker-bench-cold}
RUNS=${RUNS:-20}
JDK25=${JDK25-/usr/lib/jvm/temurin-25-jdk-amd64}
JOCKER=${JOCKER:-$(ls -d "$here"/distribution/target/jocker-*/bin/jocker 2>/dev/null | head -1)}
[ -x "$JOCKER" ] || { echo "cold.sh: build first: mvn -B package -DskipTests (or set JOCKER)" >&2; exit 1; }
mkdir -p "$B/root"
J="$JOCKER --root $B/root"
. "$here/bench/podman.sh"
. "$here/bench/supervisor.sh"
with_podman=
if [ -z "${SKIP_PODMAN:-}" ] && command -v podman >/dev/null; then with_podman=1; fi

cleanup() {
  JOCKER_SUPERVISOR_IDLE_MILLIS=0 $J rm -f $($J ps -aq 2>/dev/null) >/dev/null 2>&1 || true
  stop_supervisor "$B/root"
  if [ -n "$with_podman" ]; then $PODMAN rm -f -a >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

"$here/scripts/make-busybox-rootfs.sh" "$B/busybox.tar" >/dev/null
export JOCKER_SUPERVISOR_IDLE_MILLIS=0
$J images -q busybox | grep -q . || $J import "$B/busybox.tar" busybox >/dev/null
$J rm -f cold-logs >/dev/null 2>&1 || true
$J run --name cold-logs busybox sh -c 'for i in $(seq 1 100); do echo line $i; done' >/dev/null
if [ -n "$with_podman" ]; then
  $PODMAN image exists localhost/busybox || $PODMAN import -q "$B/busybox.tar" localhost/busybox >/dev/null
  $PODMAN rm -f cold-logs >/dev/null 2>&1 || true
  $PODMAN run --name cold-logs localhost/busybox sh -c 'for i in $(seq 1 100); do echo line $i; done' >/dev/null
fi

# pairs LABEL: one "name|jocker command|podman command" a line, timed alternately by python3.
pairs() {
  cat <<EOF
ps|$J ps|$PODMAN ps
images|$J images|$PODMAN images
inspect|$J inspect cold-logs|$PODMAN inspect cold-logs
logs|$J logs cold-logs|$PODMAN logs cold-logs
version --format|$J version --format {{.Server.Version}}|$PODMAN version --format {{.Server.Version}}
info|$J info|$PODMAN info
run --rm busybox true|$J run --rm busybox true|$PODMAN run --rm localhost/busybox true
EOF
}

measure() {
  pairs | RUNS=$RUNS WITH_PODMAN=$with_podman python3 -c '
import os, subprocess, sys, time, statistics as st
runs = int(os.environ["RUNS"]); podman = bool(os.environ.get("WITH_PODMAN"))
def once(cmd):
    t = time.monotonic()
    p = subprocess.Popen(cmd.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit("cold.sh: failed: " + cmd)
    return (time.monotonic() - t) * 1000, (ru.ru_utime + ru.ru_stime) * 1000
print("| command | jocker wall | jocker CPU | podman wall | podman CPU | wall ratio | CPU ratio |")
print("|---|---:|---:|---:|---:|---:|---:|")
for line in sys.stdin:
    name, j, p = line.rstrip("\n").split("|")
    once(j)
    if podman: once(p)
    jw, jc, pw, pc = [], [], [], []
    for _ in range(runs):
        w, c = once(j); jw.append(w); jc.append(c)
        if podman:
            w, c = once(p); pw.append(w); pc.append(c)
    m = lambda xs: st.median(xs) if xs else float("nan")
    ratio = lambda a, b: "%.1fx" % (m(a) / m(b)) if b else "-"
    print("| `%s` | %.0f | %.0f | %s | %s | %s | %s |" % (name, m(jw), m(jc),
          "%.0f" % m(pw) if podman else "-", "%.0f" % m(pc) if podman else "-", ratio(jw, pw), ratio(jc, pc)))
'
}

# memory: RSS and PSS (kB) summed over the supervisor and its java children (the spare inits).
memory() {
  local pid p rss=0 pss=0 n=0
  unset JOCKER_SUPERVISOR_IDLE_MILLIS
  $J run -d --name cold-idle busybox sleep 100000 >/dev/null
  await_warm_supervisor "$JOCKER" "$B/root"
  sleep 5
  pid=$(cat "$B/root/supervisor/supervisor.pid")
  for p in $pid $(pgrep -P "$pid" java); do
    rss=$((rss + $(awk '/^Rss:/ {print $2}' /proc/$p/smaps_rollup)))
    pss=$((pss + $(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup)))
    n=$((n + 1))
  done
  printf 'supervisor idle, one detached container: %d JVMs (supervisor and spare inits), RSS %d MB, PSS %d MB\n' \
    "$n" $((rss / 1024)) $((pss / 1024))
  $J rm -f cold-idle >/dev/null
  stop_supervisor "$B/root"
  export JOCKER_SUPERVISOR_IDLE_MILLIS=0
}

jdks=("${JAVA_HOME:-}")
if [ -n "$JDK25" ] && [ -x "$JDK25/bin/java" ]; then jdks+=("$JDK25"); fi
for jhome in "${jdks[@]}"; do
  (
    if [ -n "$jhome" ]; then export JAVA_HOME=$jhome; fi
    "$(dirname "$JOCKER")/jocker-cds" build >/dev/null
    printf '\n%s, %s rounds, load1 before: %s\n\n' "$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)" \
      "$RUNS" "$(cut -d' ' -f1 /proc/loadavg)"
    measure
    echo
    memory
  )
done
