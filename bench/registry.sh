#!/usr/bin/env bash
# registry.sh -- times jocker pull and push against a local registry, beside skopeo (and podman
# where it runs) on the same registry and image, on THIS host.
#
#   sudo bench/registry.sh          # results in $RESULTS (default /tmp/jocker-bench-registry-results.md)
#
#   push  of a ~200 MB image of four layers of incompressible data into an empty registry:
#         jocker push, beside skopeo copy oci-archive:... docker://...
#   pull  of it into an empty store: jocker pull, beside skopeo copy docker://... oci:... and
#         podman pull (when podman is installed and works)
# The issue's targets: at least as fast as skopeo, and faster than podman.
#
# The registry is Debian's docker-registry on 127.0.0.1 (plain HTTP, storage under $BENCH_DIR),
# stopped by its PID on exit. Knobs: RUNS (default 5), WARMUP (1), SIZE_MB (200), JOCKER (the
# launcher; default: the built distribution of this checkout), SKIP_PEERS=1. Run as root.
set -euo pipefail
export LC_ALL=C
HERE=$(cd "$(dirname "$0")/.." && pwd)
B=${BENCH_DIR:-/tmp/jocker-bench-registry}
RUNS=${RUNS:-5}; WARMUP=${WARMUP:-1}; SIZE_MB=${SIZE_MB:-200}
JOCKER=${JOCKER:-$HERE/distribution/target/jocker-0.1.0-SNAPSHOT/bin/jocker}
J="$JOCKER --root $B/root"
for tool in hyperfine docker-registry skopeo; do
  command -v "$tool" >/dev/null || { echo "registry.sh: $tool is required (apt-get install $tool)" >&2; exit 1; }
done
[ -x "$JOCKER" ] || { echo "registry.sh: no jocker at $JOCKER (build with mvn -B package -DskipTests)" >&2; exit 1; }

. "$HERE/bench/supervisor.sh"
registry_pid=
cleanup() {
  $J rm -f bench-maker >/dev/null 2>&1 || true
  stop_supervisor "$B/root"
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null || true
  rm -rf "$B"
}
trap cleanup EXIT
rm -rf "$B"; mkdir -p "$B/json" "$B/registry"
log() { printf '[registry %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ADDR=127.0.0.1:$port
cat > "$B/registry/config.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $B/registry/data
http:
  addr: $ADDR
  secret: bench
EOF
docker-registry serve "$B/registry/config.yml" >"$B/registry/log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 100); do curl -fs "http://$ADDR/v2/" >/dev/null && break; sleep 0.1; done

log "building a ${SIZE_MB} MB image of four layers of incompressible data"
"$HERE/scripts/make-busybox-rootfs.sh" "$B/busybox.tar" >/dev/null
$J import "$B/busybox.tar" bench-base >/dev/null
image=bench-base
for i in 1 2 3 4; do
  $J run --name bench-maker "$image" dd if=/dev/urandom of=/layer$i bs=1048576 count=$((SIZE_MB / 4)) 2>/dev/null >/dev/null
  $J commit bench-maker "bench:l$i" >/dev/null
  $J rm bench-maker >/dev/null
  image=bench:l$i
done
$J tag "$image" "$ADDR/bench/img:v1"
$J save -o "$B/img.tar" "$image"

bench() { # name, prepare command, hyperfine args...
  local name=$1 prepare=$2; shift 2
  hyperfine --style basic --runs "$RUNS" --warmup "$WARMUP" --export-json "$B/json/$name.json" \
    --export-markdown "$B/json/$name.md" --prepare "$prepare" "$@" >&2
}
empty_registry="rm -rf $B/registry/data"

log "push"
push=(-n "jocker push" "$J push -q $ADDR/bench/img:v1")
[ "${SKIP_PEERS:-0}" = 1 ] || push+=(-n "skopeo copy" "skopeo copy -q --dest-tls-verify=false oci-archive:$B/img.tar docker://$ADDR/bench/img:v1")
bench push "$empty_registry" "${push[@]}"

log "pull"
$J push -q "$ADDR/bench/img:v1" >/dev/null
$J rmi "$ADDR/bench/img:v1" >/dev/null
pull=(-n "jocker pull" "$J pull -q $ADDR/bench/img:v1")
prepare_pull="$J rmi -f $ADDR/bench/img:v1 >/dev/null 2>&1; $J image prune -af >/dev/null 2>&1; rm -rf $B/oci-pulled; true"
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  pull+=(-n "skopeo copy" "skopeo copy -q --src-tls-verify=false docker://$ADDR/bench/img:v1 oci:$B/oci-pulled:img")
  if command -v podman >/dev/null && podman info >/dev/null 2>&1; then
    pull+=(-n "podman pull" "podman pull -q --tls-verify=false $ADDR/bench/img:v1")
    prepare_pull="$prepare_pull; podman rmi -f $ADDR/bench/img:v1 >/dev/null 2>&1; true"
  fi
fi
bench pull "$prepare_pull" "${pull[@]}"

{
  echo "# registry benchmark, $(date -u +%F) on $(nproc) cores, load before: $load_before"
  echo
  echo "Image: ${SIZE_MB} MB in four layers of incompressible data, registry docker-registry on $ADDR."
  for name in push pull; do echo; echo "## $name"; echo; cat "$B/json/$name.md"; done
} > "$B/results.md.tmp"
mkdir -p "$(dirname "${RESULTS:-/tmp/jocker-bench-registry-results.md}")"
mv "$B/results.md.tmp" "${RESULTS:-/tmp/jocker-bench-registry-results.md}"
log "results in ${RESULTS:-/tmp/jocker-bench-registry-results.md}"
