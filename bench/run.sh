#!/usr/bin/env bash
# run.sh -- times `jocker run --rm busybox true` beside runc, crun, podman and docker, in one
# run of the shared anchors script (../shared/bench/anchors.sh beside the repository, its EXTRA_BENCH hook).
#
#   bench/run.sh [DIST]     DIST: an unpacked distribution (default: distribution/target/jocker-*/)
#
# Everything anchors.sh reads passes through (RUNS, PRUNS, WARMUP, ANCHORS_DIR, SKIP_INSTALL=1,
# SKIP_PODMAN=1, SKIP_DOCKER=1, SKIP_LEGACY=1, ...); ANCHORS overrides the script's path. Beware:
# anchors.sh installs packages with apt-get unless SKIP_INSTALL=1, starts its own dockerd, and
# with podman and docker takes a long time. Needs root, `jocker import` and `jocker run`.
#
# Before anchors.sh runs, this script builds the start-up archive, imports a busybox root file
# system as the image "busybox" into a temporary jocker root, and checks that the command works
# once, which starts a supervisor that stays warm (bench/supervisor.sh waits for it): the timed
# runs go through it, as any run does while one runs. Afterwards it stops that supervisor and
# checks that jocker left no mounts under that root and no cgroups.
set -euo pipefail
export LC_ALL=C
ANCHORS=${ANCHORS:-$(cd "$(dirname "$0")/../.." && pwd)/shared/bench/anchors.sh}

[ "$(id -u)" = 0 ] || { echo "run.sh: must run as root (containers need it)" >&2; exit 2; }
[ -r "$ANCHORS" ] || { echo "run.sh: anchors script $ANCHORS not found (set ANCHORS)" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -gt 0 ]; then
  dist=$1
else
  dist=$(ls -d "$here"/../distribution/target/jocker-*/ 2>/dev/null | head -1)
  [ -n "$dist" ] || { echo "run.sh: no distribution/target/jocker-*/ (build one: mvn -B package -DskipTests -pl distribution -am)" >&2; exit 2; }
fi
dist=$(cd "$dist" && pwd)
jocker=$dist/bin/jocker
[ -x "$jocker" ] || { echo "run.sh: $jocker not found or not executable" >&2; exit 2; }

work=$(mktemp -d /tmp/jocker-run-bench.XXXXXX)
root=$work/root
# jocker's cgroups live in a jocker/ subtree of each v1 hierarchy; count them to find leaks.
jocker_cgroups() { find /sys/fs/cgroup/*/jocker -mindepth 1 -type d 2>/dev/null | sort; }
cgroups_before=$(jocker_cgroups)
leaks() {
  local mounts cgroups
  mounts=$(awk -v w="$work/" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo)
  # Only new ones that are empty count: other jocker users on this machine create and remove
  # their containers' cgroups meanwhile, with their processes in them.
  cgroups=$(for dir in $(comm -13 <(printf '%s\n' "$cgroups_before") <(jocker_cgroups)); do
    [ -d "$dir" ] && [ ! -s "$dir/cgroup.procs" ] && echo "$dir"
  done)
  [ -z "$mounts" ] || echo "run.sh: jocker left mounts under $work:"$'\n'"$mounts" >&2
  [ -z "$cgroups" ] || echo "run.sh: jocker left cgroups:"$'\n'"$cgroups" >&2
  [ -z "$mounts" ] && [ -z "$cgroups" ]
}
. "$here/supervisor.sh"
cleanup() {
  stop_supervisor "$root"
  # Never remove a tree with something still mounted in it: that could reach into the image.
  if leaks; then rm -rf --one-file-system "$work"; else echo "run.sh: left $work in place" >&2; fi
}
trap cleanup EXIT

"$dist/bin/jocker-cds" build >/dev/null

mkdir -p "$work/rootfs/bin" "$work/rootfs/proc" "$work/rootfs/sys" "$work/rootfs/dev" "$work/rootfs/tmp" "$work/rootfs/etc"
cp /usr/bin/busybox "$work/rootfs/bin/busybox"
for applet in sh true echo sleep ls ps cat hostname; do ln -s busybox "$work/rootfs/bin/$applet"; done
tar -C "$work/rootfs" -cf "$work/busybox.tar" .
"$jocker" --root "$root" import "$work/busybox.tar" busybox >/dev/null ||
  { echo "run.sh: 'jocker import' failed; this benchmark needs jocker's import and run commands" >&2; exit 1; }
"$jocker" --root "$root" run --rm busybox true ||
  { echo "run.sh: 'jocker run --rm busybox true' failed once, so it is not timed" >&2; exit 1; }
# That run started a supervisor in the background; from now on it runs the containers warm.
await_warm_supervisor "$jocker" "$root"

EXTRA_BENCH="jocker-run|$jocker --root $root run --rm busybox true" bash "$ANCHORS"
results=${ANCHORS_DIR:-/tmp/anchors}/results.md
echo "run.sh: full table in $results; the run --rm rows:"
grep -E '^\| (floor|runc|crun|podman|docker|extra|[a-z-]+) \| (run|run-rm|jocker-run|true|unshare-chroot)' "$results" || true
