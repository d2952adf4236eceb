#!/usr/bin/env bash
# lifecycle.sh -- times jocker's detached-container commands (run -d, ps, logs, stop -t 0, rm), exec
# and commit (of a container with one changed file) with hyperfine, beside podman's when podman
# is installed, and measures the resident memory each idle detached container adds to jocker's
# supervisor. jocker's commands run through its warm supervisor (bench/supervisor.sh), as they
# do once any command started one.
#
#   sudo bench/lifecycle.sh            # results in $BENCH_DIR (default /tmp/jocker-bench)
#
# Knobs: RUNS=20 WARMUP=3 MEMN=10 (idle containers for the memory figure) SKIP_PODMAN=1
#        JOCKER=path/to/bin/jocker (default: the distribution built in this worktree)
# Everything lives under $BENCH_DIR: its own jocker root and podman root; the EXIT trap removes
# every container this script created (jocker's supervisor then exits by itself).
set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")/.." && pwd)
B=${BENCH_DIR:-/tmp/jocker-bench}
RUNS=${RUNS:-20}; WARMUP=${WARMUP:-3}; MEMN=${MEMN:-10}
JOCKER=${JOCKER:-$(ls -d "$here"/distribution/target/jocker-*/bin/jocker 2>/dev/null | head -1)}
[ -x "$JOCKER" ] || { echo "build first: mvn -B package -DskipTests (or set JOCKER)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 1; }
J="$JOCKER --root $B/root"
mkdir -p "$B/results"
. "$here/bench/podman.sh"

. "$here/bench/supervisor.sh"
cleanup() {
  $J rm -f $($J ps -aq) >/dev/null 2>&1
  stop_supervisor "$B/root"
  if [ -z "${SKIP_PODMAN:-}" ] && command -v podman >/dev/null; then $PODMAN rm -f -a >/dev/null 2>&1; fi
}
trap cleanup EXIT

log() { printf '[lifecycle %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

"$here/scripts/make-busybox-rootfs.sh" "$B/busybox.tar" >/dev/null
$J import "$B/busybox.tar" busybox >/dev/null

# bench NAME PREPARE COMMAND: hyperfine with a per-run preparation (a fresh container to act on).
bench() {
  local name=$1 prepare=$2 cmd=$3
  log "bench $name (load $(cut -d' ' -f1 /proc/loadavg)): $cmd"
  hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" ${prepare:+--prepare "$prepare"} \
    --export-json "$B/results/$name.json" "$cmd" >"$B/results/$name.txt" 2>&1 || log "  FAILED: see $B/results/$name.txt"
  grep -m1 'Time (mean' "$B/results/$name.txt" >&2
}

runtime() {
  local tag=$1 cli=$2
  $cli run -d --name "$tag-logs" busybox sh -c 'for i in $(seq 1 100); do echo line $i; done; sleep 100000' >/dev/null
  $cli run -d --name "$tag-commit" busybox sh -c 'echo changed >/changed; sleep 100000' >/dev/null
  bench "$tag-run-d" "" "$cli run -d busybox sleep 100000"
  bench "$tag-ps" "" "$cli ps"
  bench "$tag-logs" "" "$cli logs $tag-logs"
  bench "$tag-stop" "$cli run -d --name $tag-victim busybox sleep 100000 >/dev/null; true" \
    "$cli stop -t 0 $tag-victim"
  bench "$tag-rm" "$cli create --name $tag-gone busybox true >/dev/null" "$cli rm $tag-gone"
  bench "$tag-exec" "" "$cli exec $tag-logs true"
  bench "$tag-commit" "" "$cli commit $tag-commit $tag-committed"
  $cli rm -f $($cli ps -aq) >/dev/null 2>&1
}

await_warm_supervisor "$JOCKER" "$B/root"
runtime jocker "$J"
if [ -z "${SKIP_PODMAN:-}" ] && command -v podman >/dev/null; then
  $PODMAN import "$B/busybox.tar" busybox >/dev/null
  runtime podman "$PODMAN"
fi

# Memory: the supervisor's resident set with one idle container, then with MEMN more.
rss_of_supervisor() {
  local pid
  pid=$(pgrep -f -- "--root $B/root .*supervisor" | head -1)
  awk '/^VmRSS/ {print $2}' "/proc/$pid/status"
}
$J run -d busybox sleep 100000 >/dev/null
sleep 2; one=$(rss_of_supervisor)
for i in $(seq 1 "$MEMN"); do $J run -d busybox sleep 100000 >/dev/null; done
sleep 2; many=$(rss_of_supervisor)
per=$(( (many - one) / MEMN ))
log "supervisor RSS: ${one} KB with 1 idle container, ${many} KB with $((MEMN + 1)); ${per} KB per additional container"
printf 'supervisor_rss_1_kb\t%s\nsupervisor_rss_%s_kb\t%s\nper_container_kb\t%s\n' "$one" "$((MEMN + 1))" "$many" "$per" \
  >"$B/results/memory.tsv"
