#!/usr/bin/env bash
# images.sh -- times jocker's image commands against the obvious baselines on THIS host.
#
#   sudo bench/images.sh            # results in $BENCH_DIR/results.md (default /tmp/jocker-bench-images)
#
#   commit  of a container with one changed file (beside podman and docker when they are installed
#           and working; the issue's target is podman's median, 54 ms on the reference VM)
#   import, export, save, load of a ~200 MB image beside GNU tar moving the same data
#           (target: at least 0.7x tar's throughput, i.e. tar's median / jocker's median >= 0.7),
#           each twice: "warm", served by a running supervisor as a Docker user meets them (dockerd
#           is always warm), and "cold", with no supervisor, each command in a JVM of its own; import
#           and load also beside podman's (it hashes layers as jocker does), where podman runs
#
# Each line also shows the CPU time (user + system, hyperfine's mean over the runs): on a shared
# machine it moves much less than the wall time does. A warm command's CPU is the client's (the
# launcher) plus the supervisor's, read from /proc before and after the runs; for commit it is
# only the client's.
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
# The machine may be shared: the load average beside the figures says how far to trust them.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

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

# Every run, jocker's and its baselines' alike, starts after `sync`, so that none pays for the
# writeback of the 200 MB the run before it wrote (seconds of it on this VM's disk).
bench() { # name, [--prepare COMMAND,] hyperfine args...
  local name=$1 prepare=sync; shift
  if [ "$1" = --prepare ]; then prepare="$2; sync"; shift 2; fi
  hyperfine --style basic --runs "$RUNS" --warmup "$WARMUP" --export-json "$B/json/$name.json" --prepare "$prepare" "$@" >&2
}

# No supervisor until the cold figures are taken: a command run in a JVM starts none when it would stay this short.
export JOCKER_SUPERVISOR_IDLE_MILLIS=0
$J import "$B/big.tar" big >/dev/null
$J run --name bench-export big true >/dev/null
$J import "$B/busybox.tar" busybox >/dev/null
$J run --name bench-commit busybox sh -c 'echo changed > /etc/motd' >/dev/null
$J save -o "$B/saved.tar" big

# import and load go to a second root, kept from run to run (a fresh root each run would have no
# warm supervisor): --prepare removes the image there and checks that its layer is really gone,
# so that every run unpacks it again. In the first root the layer exists already (image big).
J2="$JOCKER --root $B/root2"
GONE="test -z \"\$(find $B/root2/*/layers $B/root2/image/*/layers -mindepth 1 -maxdepth 1 2>/dev/null)\""
REMOVED="$J2 rmi big >/dev/null 2>&1; $GONE"

# image_bench OP MODE: times import, export, save or load of the big image as OP-MODE.
image_bench() {
  case $1 in
    import) bench "$1-$2" --prepare "$REMOVED" "$J2 import $B/big.tar big" ;;
    export) bench "$1-$2" "$J export -o $B/export.tar bench-export" ;;
    save) bench "$1-$2" "$J save -o $B/save.tar big" ;;
    load) bench "$1-$2" --prepare "$REMOVED" "$J2 load -i $B/saved.tar" ;;
  esac
}

# supervisor_cpu ROOT: the user + system CPU time (ms) its supervisor has used so far.
supervisor_cpu() {
  local pid stat
  pid=$(cat "$1/supervisor/supervisor.pid")
  stat=$(cat "/proc/$pid/stat")
  set -- ${stat##*) }
  echo $(( (${12} + ${13}) * 1000 / $(getconf CLK_TCK) ))
}

log "cold: no supervisor, import / export / save / load each in a JVM of its own"
for r in "$B/root" "$B/root2"; do
  stop_supervisor "$r"
  [ ! -p "$r/supervisor/cli-1.fifo" ] || { echo "images.sh: a supervisor still runs for $r" >&2; exit 1; }
done
for op in import export save load; do image_bench "$op" cold; done
for r in "$B/root" "$B/root2"; do
  [ ! -p "$r/supervisor/cli-1.fifo" ] || { echo "images.sh: a supervisor started during the cold runs for $r" >&2; exit 1; }
done

export JOCKER_SUPERVISOR_IDLE_MILLIS=600000
await_warm_supervisor "$JOCKER" "$B/root"
await_warm_supervisor "$JOCKER" "$B/root2"

log "commit"
bench commit-jocker "$J commit bench-commit"
if [ -z "${SKIP_PEERS:-}" ] && command -v podman >/dev/null && podman info >/dev/null 2>&1; then
  . "$HERE/bench/podman.sh"
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

# tar_bench OP: GNU tar moving the same data as jocker's OP, as OP-tar.
tar_bench() {
  case $1 in
    # import: tar unpacks the image tar
    import) bench import-tar --prepare "rm -rf $B/x && mkdir $B/x" "tar -xf $B/big.tar -C $B/x" ;;
    # export: the container's merged file system to a tar | tar packs the same tree
    export) bench export-tar "tar -cf $B/export-tar.tar -C $B/rootfs ." ;;
    # save: the image to an archive | tar packs the same tree
    save) bench save-tar "tar -cf $B/save-tar.tar -C $B/rootfs ." ;;
    # load: an archive becomes an image (extract, verify, unpack) | tar unpacks the same archive
    load) bench load-tar --prepare "rm -rf $B/x && mkdir $B/x" "tar -xf $B/saved.tar -C $B/x" ;;
  esac
}

log "warm: import / export / save / load served by the supervisor, each followed by GNU tar on the same data"
# The supervisor's CPU per command: its CPU over the runs (warm-up included) divided by their number.
for op in import export save load; do
  case $op in import | load) root=$B/root2 ;; *) root=$B/root ;; esac
  before=$(supervisor_cpu "$root")
  image_bench "$op" warm
  echo $(( ($(supervisor_cpu "$root") - before) / (RUNS + WARMUP) )) >"$B/json/$op-warm.supervisor-cpu"
  tar_bench "$op"
done

# podman beside them, where it runs: it hashes every layer too, so it is the peer for import and load.
if [ -z "${SKIP_PEERS:-}" ] && command -v podman >/dev/null && podman info >/dev/null 2>&1; then
  . "$HERE/bench/podman.sh"
  log "podman import and load, for comparison"
  bench import-podman --prepare "$PODMAN rmi -f jocker-bench-big >/dev/null 2>&1 || true" "$PODMAN import -q $B/big.tar jocker-bench-big"
  # The imported image has the same layer: gone, so that each load stores it again.
  $PODMAN rmi -f jocker-bench-big >/dev/null 2>&1 || true
  bench load-podman --prepare "$PODMAN rmi -f big:latest >/dev/null 2>&1 || true" "$PODMAN load -q -i $B/saved.tar"
  $PODMAN rmi -f jocker-bench-big big:latest >/dev/null 2>&1 || true
fi

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
def supervisor_cpu(name):
    p = os.path.join(d, name + ".supervisor-cpu")
    return float(open(p).read()) if os.path.exists(p) else 0.0
for op in ("import", "export", "save", "load"):
    t = median(op + "-tar")
    for mode, label in (("warm", "warm (served by the supervisor)"), ("cold", "cold (no supervisor: a JVM of its own)")):
        name = op + "-" + mode
        j = median(name)
        print(f"| {op} {size:.0f} MB, {label} | {j*1000:.0f} ms | tar {t*1000:.0f} ms | {size/j:.0f} | {size/t:.0f} | {t/j:.2f}x (>= 0.7)"
              f" | {cpu(name) + supervisor_cpu(name):.0f} ms | {cpu(op + '-tar'):.0f} ms |")
    p = median(op + "-podman")
    if p:
        j = median(op + "-warm")
        print(f"| {op} {size:.0f} MB, warm, beside podman | {j*1000:.0f} ms | podman {p*1000:.0f} ms | {size/j:.0f} | {size/p:.0f}"
              f" | {p/j:.2f}x podman's | {cpu(op + '-warm') + supervisor_cpu(op + '-warm'):.0f} ms | {cpu(op + '-podman'):.0f} ms |")
PY
echo "Load average (1, 5, 15 min): $load_before at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end." >>"$B/results.md"
cat "$B/results.md"
mkdir -p /tmp/jocker-bench-results && cp "$B/results.md" /tmp/jocker-bench-results/images.md
