#!/usr/bin/env bash
# network.sh -- what networking adds to a container's start (issue 17: a bridge costs at most 30 ms
# over --network none): `run --rm busybox true` with --network none, on the default bridge, and on
# the bridge with a published port, through a warm supervisor, timed by hyperfine in one session,
# with the medians' differences to none. Everything runs in a network namespace of its own
# (unshare --net): the bridge, the veths, the nftables table and ip_forward are the namespace's and
# vanish with it, so the host's are never touched. -D's "connecting it to its networks" stage
# (bench/run-stages.sh) shows the driver's share.
#
#   bench/network.sh [DIST]    as root, on a built distribution (mvn -B package -DskipTests)
#
# Knobs: RUNS=30, WARMUP=3, BENCH_DIR=/tmp/jocker-bench-network. Needs hyperfine and python3.
set -euo pipefail
export LC_ALL=C
if [ -z "${JOCKER_BENCH_IN_NETNS:-}" ]; then
  [ "$(id -u)" = 0 ] || { echo "network.sh: must run as root (containers need it)" >&2; exit 2; }
  command -v hyperfine >/dev/null || { echo "network.sh: hyperfine is required (apt-get install hyperfine)" >&2; exit 1; }
  JOCKER_BENCH_IN_NETNS=1 exec unshare --net -- "$0" "$@"
fi
here=$(cd "$(dirname "$0")/.." && pwd)
dist=${1:-$(ls -d "$here"/distribution/target/jocker-*/ 2>/dev/null | head -1)}
[ -n "$dist" ] && [ -x "$dist/bin/jocker" ] || { echo "network.sh: build first: mvn -B package -DskipTests (or pass DIST)" >&2; exit 2; }
jocker=$(cd "$dist" && pwd)/bin/jocker
B=${BENCH_DIR:-/tmp/jocker-bench-network}
RUNS=${RUNS:-30}
WARMUP=${WARMUP:-3}
J="$jocker --root $B/root"
. "$here/bench/supervisor.sh"
cleanup() {
  $J rm -f $($J ps -aq 2>/dev/null) >/dev/null 2>&1 || true
  stop_supervisor "$B/root"
}
trap cleanup EXIT

ip link set lo up
mkdir -p "$B/json"
# Test harnesses set none; here the namespace is the benchmark's own.
export JOCKER_DEFAULT_NETWORK=bridge
"$here/scripts/make-busybox-rootfs.sh" "$B/busybox.tar" >/dev/null
$J images -q busybox | grep -q . || $J import "$B/busybox.tar" busybox >/dev/null
$J run --rm busybox true
await_warm_supervisor "$jocker" "$B/root"

printf 'load1 before: %s\n' "$(cut -d' ' -f1 /proc/loadavg)"
hyperfine --style basic -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$B/json/network.json" \
  -n none "$J run --rm --network none busybox true" \
  -n bridge "$J run --rm busybox true" \
  -n "bridge -p" "$J run --rm -p 18080:80 busybox true" >&2
python3 - "$B/json/network.json" <<'PY'
import json, statistics, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
none = statistics.median(results["none"]["times"]) * 1000
print("| run --rm busybox true | median ms | min ms | over none (median) |")
print("|---|---:|---:|---:|")
for name, r in results.items():
    median = statistics.median(r["times"]) * 1000
    print("| %s | %.1f | %.1f | %+.1f |" % (name, median, min(r["times"]) * 1000, median - none))
PY
printf 'load1 after: %s\n' "$(cut -d' ' -f1 /proc/loadavg)"
