#!/usr/bin/env bash
# images.sh -- times jocker's image commands against the obvious baselines on THIS host.
#
#   sudo bench/images.sh            # results in $BENCH_DIR/results.md (default /tmp/jocker-bench-images)
#
#   commit  of a container with one changed file (beside podman and docker when they are installed
#           and working; the issue's target is podman's median, 54 ms on the reference VM)
#   import, export, save, load of a ~200 MB image beside GNU tar moving the same data
#           (target: at least 0.7x tar's throughput, i.e. tar's median / jocker's median >= 0.7)
#
# Each line also shows the CPU time (user + system, hyperfine's mean over the runs): on a shared
# machine it moves much less than the wall time does. For commit, which a warm supervisor serves,
# that is only the client's share.
#
# Knobs: RUNS (default 5), WARMUP (1), SIZE_MB (200), JOCKER (the launcher; default: the built
# distribution of this checkout), SKIP_PEERS=1 (no podman/docker).
# Everything lives under $BENCH_DIR with its own jocker root; the EXIT trap removes the containers
# this script created (by name, through jocker) and the directory. Run as root.
set -euo pipefail
export LC_ALL=C
HERE=$(cd "$(dirname "$0")/.." && pwd)
B=${BENCH_DIR:-/tmp/jocker-bench-images}
RUNS=${RUNS:-5}; WARMUP=${WARMUP:-1}; SIZE_MB=${SIZE_MB:-200}
JOCKER=${JOCKER:-$HERE/distribution/target/jocker-0.1.0-SNAPSHOT/bin/jocker}
J="$JOCKER --root $B/root"
command -v hyperfine >/dev/null || { echo "images.sh: hyperfine is required (apt-get install hyperfine)" >&2; exit 1; }
[ -x "$JOCKER" ] || { echo "images.sh: no jocker at $JOCKER (build with mvn -B package -DskipTests)" >&2; exit 1; }

. "$HERE/bench/supervisor.sh"
cleanup() {
  for c in bench-commit bench-export; do $J rm -f "$c" >/dev/null 2>&1 || true; done
  stop_supervisor "$B/root"
  stop_supervisor "$B/root2"
  rm -rf "$B"
}
# removing the containers through jocker unmounts what it mounted; only then is the directory deleted
trap cleanup EXIT
rm -rf "$B"; mkdir -p "$B/json" "$B/rootfs"

log() { printf '[images %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# A stale start-up archive would be rebuilt in the background by the first command, competing with the timings.
"$(dirname "$JOCKER")/jocker-cds" build >/dev/null || log "no start-up archive; timing without"

log "building a ${SIZE_MB} MB root file system (busybox + incompressible files of 64 KiB to 8 MiB)"
"$HERE/scripts/make-busybox-rootfs.sh" "$B/busybox.tar" >/dev/null
tar -xf "$B/busybox.tar" -C "$B/rootfs"
mkdir -p "$B/rootfs/data"
left=$((SIZE_MB * 1024)); i=0
for kb in 8192 4096 1024 256 64; do
  while [ "$left" -ge $((kb * 4)) ]; do
    head -c $((kb * 1024)) /dev/urandom > "$B/rootfs/data/f$i"; i=$((i + 1)); left=$((left - kb))
  done
done
tar -cf "$B/big.tar" -C "$B/rootfs" .
log "image tar: $(du -h "$B/big.tar" | cut -f1), $(find "$B/rootfs" | wc -l) entries"

bench() { # name, hyperfine args...
  local name=$1; shift
  hyperfine --style basic --runs "$RUNS" --warmup "$WARMUP" --export-json "$B/json/$name.json" "$@" >&2
}

$J import "$B/big.tar" big >/dev/null
$J run --name bench-export big true >/dev/null
$J import "$B/busybox.tar" busybox >/dev/null
$J run --name bench-commit busybox sh -c 'echo changed > /etc/motd' >/dev/null
$J save -o "$B/saved.tar" big

log "commit"
bench commit-jocker "$J commit bench-commit"
if [ -z "${SKIP_PEERS:-}" ] && command -v podman >/dev/null && podman info >/dev/null 2>&1; then
  PODMAN="podman --root $B/podman/root --runroot $B/podman/runroot"
  $PODMAN import "$B/busybox.tar" bb >/dev/null
  $PODMAN run --name bench-commit bb sh -c 'echo changed > /etc/motd' >/dev/null
  bench commit-podman "$PODMAN commit -q bench-commit"
  $PODMAN rm -f bench-commit >/dev/null; $PODMAN rmi -a -f >/dev/null 2>&1 || true
fi
if [ -z "${SKIP_PEERS:-}" ] && command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  docker import "$B/busybox.tar" jocker-bench-bb >/dev/null
  docker run --name jocker-bench-commit jocker-bench-bb sh -c 'echo changed > /etc/motd' >/dev/null
  bench commit-docker "docker commit jocker-bench-commit"
  docker rm -f jocker-bench-commit >/dev/null; docker rmi -f jocker-bench-bb >/dev/null 2>&1 || true
fi

log "import / export / save / load of the ${SIZE_MB} MB image, each beside GNU tar on the same data"
# import and load go to a fresh second root each run: in the first one the layer exists already
# and would not be unpacked again. Neither creates a mount, so removing that root is safe.
J2="$JOCKER --root $B/root2"
bench import-jocker --prepare "rm -rf $B/root2" "$J2 import $B/big.tar big"
bench import-tar --prepare "rm -rf $B/x && mkdir $B/x" "tar -xf $B/big.tar -C $B/x"
# export: the container's merged file system to a tar | tar packs the same tree
bench export-jocker "$J export -o $B/export.tar bench-export"
bench export-tar "tar -cf $B/export-tar.tar -C $B/rootfs ."
# save: the image to an archive | tar packs the same tree
bench save-jocker "$J save -o $B/save.tar big"
bench save-tar "tar -cf $B/save-tar.tar -C $B/rootfs ."
# load: an archive becomes an image (extract, verify, unpack) | tar unpacks the same archive
bench load-jocker --prepare "rm -rf $B/root2" "$J2 load -i $B/saved.tar"
bench load-tar --prepare "rm -rf $B/x && mkdir $B/x" "tar -xf $B/saved.tar -C $B/x"

python3 - "$B/json" "$SIZE_MB" > "$B/results.md" <<'PY'
import json, os, statistics, sys
d, size = sys.argv[1], float(sys.argv[2])
def result(name):
    p = os.path.join(d, name + ".json")
    return json.load(open(p))["results"][0] if os.path.exists(p) else None
def median(name):
    r = result(name)
    return statistics.median(r["times"]) if r else None
def cpu(name):
    r = result(name)
    return (r["user"] + r["system"]) * 1000
print("| operation | jocker median | baseline median | jocker MB/s | baseline MB/s | ratio (target) | jocker CPU | baseline CPU |")
print("|---|---|---|---|---|---|---|---|")
c = median("commit-jocker")
for peer in ("podman", "docker"):
    m = median("commit-" + peer)
    if m:
        print(f"| commit (one changed file) | {c*1000:.0f} ms | {peer} {m*1000:.0f} ms | - | - | {m/c:.2f}x (>= 1)"
              f" | {cpu('commit-jocker'):.0f} ms | {cpu('commit-' + peer):.0f} ms |")
if not median("commit-podman") and not median("commit-docker"):
    print(f"| commit (one changed file) | {c*1000:.0f} ms | podman 54 ms (reference VM) | - | - | {0.054/c:.2f}x (>= 1)"
          f" | {cpu('commit-jocker'):.0f} ms | - |")
for op in ("import", "export", "save", "load"):
    j, t = median(op + "-jocker"), median(op + "-tar")
    print(f"| {op} {size:.0f} MB | {j*1000:.0f} ms | tar {t*1000:.0f} ms | {size/j:.0f} | {size/t:.0f} | {t/j:.2f}x (>= 0.7)"
          f" | {cpu(op + '-jocker'):.0f} ms | {cpu(op + '-tar'):.0f} ms |")
PY
cat "$B/results.md"
mkdir -p /tmp/jocker-bench-results && cp "$B/results.md" /tmp/jocker-bench-results/images.md
