#!/usr/bin/env bash
# launcher-test.sh -- tests of bin/jocker and bin/jocker-cds against a built distribution.
#
#   distribution/src/test/launcher-test.sh [DIST]   (default: distribution/target/jocker-*/)
#
# Works on a copy of DIST in a temporary directory; needs root only for the read-only
# JOCKER_HOME case (a read-only bind mount inside a private mount namespace, which vanishes
# with it). Checks at the end that it left no mounts, processes, cgroups or network devices. Set JDK25 to a JDK 25
# home to also run the JDK 25 case (default /usr/lib/jvm/temurin-25-jdk-amd64, skipped if absent).
set -uo pipefail
export LC_ALL=C
JDK25=${JDK25-/usr/lib/jvm/temurin-25-jdk-amd64}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=${1:-$(ls -d "$here"/../../target/jocker-*/ 2>/dev/null | head -1)}
[ -n "$src" ] && [ -x "$src/bin/jocker" ] || { echo "launcher-test: no built distribution (give its directory)" >&2; exit 2; }

work=$(mktemp -d /tmp/jocker-launcher-test.XXXXXX)
cleanup() {
  # A background archive build may still run: it holds the lock until it is done.
  for lock in "$work"/*/cache/.lock "$work"/xdg/jocker/.lock; do
    [ -f "$lock" ] && flock "$lock" true
  done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
cp -a "$src" "$work/dist"
rm -rf "$work/dist/cache"
dist=$work/dist
unset JAVA_HOME JOCKER_CDS_OFF JDK_JAVA_OPTIONS JAVA_TOOL_OPTIONS
export XDG_CACHE_HOME=$work/xdg
# Supervisors exit a second after their last container or command, before the leak check below.
export JOCKER_SUPERVISOR_IDLE_MILLIS=1000
# No bridge in the host's network namespace: these tests are about the launcher.
export JOCKER_DEFAULT_NETWORK=none

failures=0
# The training runs start jocker commands as root; they must leave no cgroup and no network device.
jocker_cgroups() { find /sys/fs/cgroup/*/jocker -mindepth 1 -type d 2>/dev/null | sort; }
net_devices() { ls /sys/class/net | sort; }
cgroups_before=$(jocker_cgroups)
devices_before=$(net_devices)
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }
# check NAME EXPECTED_STATUS STDOUT_PATTERN STDERR_PATTERN -- COMMAND...: runs COMMAND and
# matches its exit status and its whole stdout and stderr (shell patterns).
check() {
  local name=$1 want_rc=$2 want_out=$3 want_err=$4
  shift 5
  local out err rc
  out=$("$@" 2>"$work/stderr")
  rc=$?
  err=$(cat "$work/stderr")
  # shellcheck disable=SC2053 # the expectations are patterns
  if [ "$rc" != "$want_rc" ]; then fail "$name" "exit status $rc, wanted $want_rc (stderr: $err)"
  elif [[ $out != $want_out ]]; then fail "$name" "stdout '$out' does not match '$want_out'"
  elif [[ $err != $want_err ]]; then fail "$name" "stderr '$err' does not match '$want_err'"
  else pass "$name"; fi
}
wait_for_build() { flock "$1/.lock" true; }

# The JDK the others use here; the test needs a Java 17+ on PATH (the build's own JDK).
java17=$(command -v java) || { echo "launcher-test: java 17+ must be on PATH" >&2; exit 2; }
path_major=$("$java17" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
version_line="jocker version *, java $path_major*"

# --- finding the distribution
check "plain path" 0 "$version_line" "" -- env JOCKER_CDS_OFF=1 "$dist/bin/jocker" version
mkdir -p "$work/links/a" "$work/links/b"
ln -s "$dist/bin/jocker" "$work/links/a/jocker"
ln -s "$work/links/a/jocker" "$work/links/b/jocker"
check "through a symlink" 0 "$version_line" "" -- env JOCKER_CDS_OFF=1 "$work/links/a/jocker" version
check "through a chain of symlinks" 0 "$version_line" "" -- env JOCKER_CDS_OFF=1 "$work/links/b/jocker" version
ln -s "$dist/bin" "$work/links/bin"
check "through a symlinked bin directory" 0 "$version_line" "" -- env JOCKER_CDS_OFF=1 "$work/links/bin/jocker" version
check "relative path from another directory" 0 "$version_line" "" -- \
  sh -c 'cd "$1/links/a" && JOCKER_CDS_OFF=1 ../../dist/bin/jocker version' _ "$work"
check "found on PATH" 0 "$version_line" "" -- env JOCKER_CDS_OFF=1 PATH="$work/links/b:$PATH" jocker version
check "arguments keep their spaces" 1 "" "jocker: unknown command: jocker no such command*" -- env JOCKER_CDS_OFF=1 "$dist/bin/jocker" "no such command"

# --- finding Java
mkdir -p "$work/jdk11/bin" "$work/jdk8/bin" "$work/nojava"
printf 'JAVA_VERSION="11.0.2"\n' >"$work/jdk11/release"
printf '#!/bin/sh\necho "this java must not run" >&2\nexit 1\n' >"$work/jdk11/bin/java"
printf '#!/bin/sh\necho "openjdk version \\"1.8.0_362\\"" >&2\n' >"$work/jdk8/bin/java"
chmod +x "$work/jdk11/bin/java" "$work/jdk8/bin/java"
check "JAVA_HOME with Java 11 (release file)" 125 "" "jocker: Java 17 or newer is required, but $work/jdk11/bin/java is Java 11.0.2 *" -- \
  env JAVA_HOME="$work/jdk11" "$dist/bin/jocker" version
check "JAVA_HOME with Java 8 (no release file)" 125 "" "jocker: Java 17 or newer is required, but $work/jdk8/bin/java is Java 1.8.0_362 *" -- \
  env JAVA_HOME="$work/jdk8" "$dist/bin/jocker" version
check "JAVA_HOME without bin/java" 125 "" "jocker: JAVA_HOME is set to '$work/nojava', which has no bin/java*" -- \
  env JAVA_HOME="$work/nojava" "$dist/bin/jocker" version
check "no java anywhere" 125 "" "jocker: Java 17 or newer is required, but no java was found*" -- \
  env PATH="$work/nojava" /bin/sh "$dist/bin/jocker" version
check "Java 11 first on PATH" 125 "" "*is Java 11.0.2*" -- env PATH="$work/jdk11/bin:$PATH" "$dist/bin/jocker" version

# --- the fast path: a request written into the FIFO of a supervisor that died (killed -9, it
# left its FIFO, which nobody reads or locks) is not taken, and runs in a JVM, here a stand-in
# that says so. The watchdog ends the launcher's reads at once; each run is bounded by timeout(1)
# here, as one that lost the watchdog's signal waited forever.
mkdir -p "$work/fakejdk/bin" "$work/deadroot/supervisor"
printf 'JAVA_RUNTIME_VERSION="17.0.99+1"\nJAVA_VERSION="17.0.99"\n' >"$work/fakejdk/release"
printf '#!/bin/sh\necho jvm\n' >"$work/fakejdk/bin/java"
chmod +x "$work/fakejdk/bin/java"
mkfifo "$work/deadroot/supervisor/cli-1.fifo"
hung=0
wrong=0
for _ in $(seq 200); do
  out=$(JAVA_HOME="$work/fakejdk" JOCKER_CDS_OFF=1 timeout 10 "$dist/bin/jocker" --root "$work/deadroot" ps 2>&1)
  case $? in
    0) [ "$out" = jvm ] || wrong=$((wrong + 1)) ;;
    124) hung=$((hung + 1)) ;;
    *) wrong=$((wrong + 1)) ;;
  esac
done
[ "$hung" = 0 ] && pass "no request to a dead supervisor hangs (200)" || fail "no request to a dead supervisor hangs" "$hung of 200 hung"
[ "$wrong" = 0 ] && pass "each runs in a JVM instead" || fail "each runs in a JVM instead" "$wrong of 200 did not"
left_requests=$(ls "$work/deadroot/supervisor" | grep -v '^cli-1.fifo$')
[ -z "$left_requests" ] && pass "no request files left" || fail "no request files left" "$left_requests"

# --- JOCKER_FAST_PATH=off: a JVM even while a supervisor holds its FIFO (here one that never
# answers, so a request handed to it would wait until timeout(1) ends it).
mkdir -p "$work/liveroot/supervisor"
mkfifo "$work/liveroot/supervisor/cli-1.fifo"
sh -c 'exec 8<>"$1"; flock -x 8; : >"$2"; exec sleep 60' sh "$work/liveroot/supervisor/cli-1.fifo" "$work/liveroot.locked" &
holder=$!
while [ ! -e "$work/liveroot.locked" ]; do sleep 0.05; done
check "JOCKER_FAST_PATH=off runs a JVM while a supervisor serves" 0 "jvm" "" -- \
  env JOCKER_FAST_PATH=off JAVA_HOME="$work/fakejdk" JOCKER_CDS_OFF=1 timeout 10 "$dist/bin/jocker" --root "$work/liveroot" ps
kill "$holder"
wait "$holder" 2>/dev/null

# --- the archive
archive=$("$dist/bin/jocker-cds" status)
check "no archive yet" 1 "$archive" "" -- "$dist/bin/jocker-cds" status
check "install step builds it" 0 "$archive" "" -- "$dist/bin/jocker-cds" build
check "then it is fresh" 0 "$archive" "" -- "$dist/bin/jocker-cds" status
[ -n "$(find "$dist/cache" -name '.train.*')" ] && fail "no work directory left" "$(ls -A "$dist/cache")" || pass "no work directory left"
check "version with the archive" 0 "$version_line" "" -- "$dist/bin/jocker" version
check "help with the archive" 0 "Usage: jocker*" "" -- "$dist/bin/jocker" --help
check "version starts no JVM" 0 "$version_line" "" -- env JDK_JAVA_OPTIONS=-Xlog:class+load "$dist/bin/jocker" version
check "version after global options starts no JVM" 0 "$version_line" "" -- env JDK_JAVA_OPTIONS=-Xlog:class+load \
  "$dist/bin/jocker" --root /nonexistent -s overlay --cgroup-driver=v1 -l debug -D version
check "version after --root=DIR starts no JVM" 0 "$version_line" "" -- env JDK_JAVA_OPTIONS=-Xlog:class+load \
  "$dist/bin/jocker" --root=/nonexistent --log-level=warn version
check "a log level the CLI refuses is the JVM's to report" 125 "" "jocker: Invalid value for option '--log-level': *" -- \
  "$dist/bin/jocker" -l loud version
check "a global option given twice is the JVM's to report" 125 "" "jocker: option '--root' (DIR) should be specified only once*" -- \
  "$dist/bin/jocker" --root /a --root /b version
used=$(JDK_JAVA_OPTIONS=-Xlog:class+load "$dist/bin/jocker" --help 2>/dev/null | grep -c 'io.jocker.cli.Main source: shared objects file')
[ "$used" = 1 ] && pass "the JVM maps the archive" || fail "the JVM maps the archive" "io.jocker.cli.Main was not loaded from it"
# A read-only command loads no plugin that it does not use: ps needs only the built-in state store.
loaded=$(JOCKER_FAST_PATH=off JOCKER_SUPERVISOR_IDLE_MILLIS=0 JDK_JAVA_OPTIONS=-Xlog:class+load \
  "$dist/bin/jocker" --root "$work/psroot" ps 2>/dev/null)
if [[ $loaded != *'io.jocker.cli.PsCommand source: '* ]]; then fail "a cold ps loads no plugin" "ps did not run"
elif [[ $loaded == *' source: '*/plugins/* ]]; then fail "a cold ps loads no plugin" "$(grep ' source: .*/plugins/' <<<"$loaded" | head -3)"
else pass "a cold ps loads no plugin"; fi

touch "$dist/lib/jocker-cli.jar"
check "a changed jar makes it stale" 1 "$archive" "" -- "$dist/bin/jocker-cds" status
check "stale archive: no noise, right output" 0 "Usage: jocker*" "" -- "$dist/bin/jocker" --help
wait_for_build "$dist/cache"
check "the background build refreshed it" 0 "$archive" "" -- "$dist/bin/jocker-cds" status

head -c 4096 /dev/urandom >"$work/garbage" && cp "$work/garbage" "$archive"
check "an unusable archive that looks fresh: no noise" 0 "$version_line" "" -- "$dist/bin/jocker" version
touch -d 2001-01-01 "$dist/lib/picocli.jar"
check "a jar changed behind the archive's back: no noise" 0 "$version_line" "" -- "$dist/bin/jocker" version
check "rebuild replaces it" 0 "$archive" "" -- "$dist/bin/jocker-cds" rebuild
cmp -s "$work/garbage" "$archive" && fail "rebuild replaces it" "still the garbage" || pass "rebuild wrote a new archive"

# --- the container init's archive: made by a training `run --rm`, so only as root with busybox
init_archive=${archive%.jsa}-init.jsa
# passes_init_archive [JAVA_HOME]: the launcher hands the engine the init's archive of that JDK.
# Not grep -q: it would stop reading at the first match, and the launcher's SIGPIPE would fail the pipeline.
passes_init_archive() {
  JAVA_HOME=${1:-} sh -x "$dist/bin/jocker" --help 2>&1 >/dev/null | grep -- "-Djocker.init.archive=.*-init.jsa" >/dev/null
}
if [ "$(id -u)" = 0 ] && [ -x /usr/bin/busybox ]; then
  [ -s "$init_archive" ] && pass "the build made the init's archive" || fail "the build made the init's archive" "no $init_archive"
  passes_init_archive && pass "a fresh init archive is passed on" || fail "a fresh init archive is passed on" "no -Djocker.init.archive"
  mkdir -p "$work/bb/bin" && cp /usr/bin/busybox "$work/bb/bin/busybox" && ln -s busybox "$work/bb/bin/sh" &&
    tar -C "$work/bb" -cf "$work/bb.tar" . && "$dist/bin/jocker" --root "$work/root" import "$work/bb.tar" bb >/dev/null
  run_bb=("$dist/bin/jocker" --root "$work/root" run --rm bb sh -c 'echo out; echo err >&2')
  check "run --rm with the init's archive" 0 "out" "err" -- "${run_bb[@]}"
  cp "$work/garbage" "$init_archive"
  check "an unusable init archive that looks fresh: no noise in the container" 0 "out" "err" -- "${run_bb[@]}"
  touch "$dist/plugins/namespaces/jocker-namespaces.jar"
  passes_init_archive && fail "a stale init archive is not passed on" "it was" || pass "a stale init archive is not passed on"
  check "stale init archive: run --rm is right" 0 "out" "err" -- "${run_bb[@]}"
  wait_for_build "$dist/cache"
  cmp -s "$work/garbage" "$init_archive" && fail "the background build remade the init's archive" "still the garbage" ||
    pass "the background build remade the init's archive"
else
  echo "skip the init's archive: needs root and /usr/bin/busybox"
fi

cp -a "$dist" "$work/moved"
moved_archive=$("$work/moved/bin/jocker-cds" status)
[ "$moved_archive" != "$archive" ] && [ "${moved_archive#"$work/moved/cache/"}" != "$moved_archive" ] &&
  pass "a moved copy gets its own archive" || fail "a moved copy gets its own archive" "$moved_archive"

: >"$dist/cache/$(basename "$archive").failed"
rm -f "$archive"
JOCKER_CDS_OFF= "$dist/bin/jocker" version >/dev/null
wait_for_build "$dist/cache"
[ ! -f "$archive" ] && pass "a failed build is not retried by every command" || fail "a failed build is not retried by every command" "it was rebuilt"
rm -f "$dist/cache/$(basename "$archive").failed"

# --- a read-only JOCKER_HOME: the archive goes to XDG_CACHE_HOME
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
  ro=$work/ro
  cp -a "$dist" "$ro" && rm -rf "$ro/cache"
  out=$(unshare -m --propagation private sh -c '
    mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 99
    "$1/bin/jocker-cds" build && "$1/bin/jocker" version && "$1/bin/jocker-cds" status' _ "$ro" 2>&1)
  rc=$?
  case $out in
    "$XDG_CACHE_HOME/jocker/"*.jsa$'\n'"jocker version "*$'\n'"$XDG_CACHE_HOME/jocker/"*.jsa) [ $rc = 0 ] && pass "read-only JOCKER_HOME uses the user's cache" ;;
    *) fail "read-only JOCKER_HOME uses the user's cache" "status $rc: $out" ;;
  esac
  [ ! -e "$ro/cache" ] && pass "nothing written to the read-only JOCKER_HOME" || fail "nothing written to the read-only JOCKER_HOME" "$(ls -A "$ro/cache")"
else
  echo "skip read-only JOCKER_HOME: needs root and unshare for a private read-only bind mount"
fi

# --- JDK 25: no warnings (native access, Unsafe, CDS/AOT logging) on stdout or stderr; its
# first build (the background one below) makes the init's archive too
if [ -n "$JDK25" ] && [ -x "$JDK25/bin/java" ] && [ "$(readlink -f "$java17")" != "$(readlink -f "$JDK25/bin/java")" ]; then
  check "JDK 25: version" 0 "jocker version *, java 25*" "" -- env JAVA_HOME="$JDK25" "$dist/bin/jocker" version
  check "JDK 25: help" 0 "Usage: jocker*" "" -- env JAVA_HOME="$JDK25" "$dist/bin/jocker" --help
  wait_for_build "$dist/cache"
  check "JDK 25: help with its archive" 0 "Usage: jocker*" "" -- env JAVA_HOME="$JDK25" "$dist/bin/jocker" --help
  archive25=$(JAVA_HOME="$JDK25" "$dist/bin/jocker-cds" status)
  check "JDK 25: it has its own archive" 0 "$archive25" "" -- env JAVA_HOME="$JDK25" "$dist/bin/jocker-cds" status
  [ "$archive25" != "$archive" ] && pass "JDK 25: not the JDK 17 archive" || fail "JDK 25: not the JDK 17 archive" "$archive25"
  touch -d 2001-01-01 "$dist/lib/jackson-core.jar"
  check "JDK 25: a jar changed behind the archive's back: no noise" 0 "Usage: jocker*" "" -- \
    env JAVA_HOME="$JDK25" "$dist/bin/jocker" --help
  # JDK 25 logs an unusable archive on stdout unless told not to.
  cp "$work/garbage" "$archive25"
  check "JDK 25: an unusable archive that looks fresh: no noise" 0 "jocker version *, java 25*" "" -- \
    env JAVA_HOME="$JDK25" "$dist/bin/jocker" version
  if [ -n "${run_bb-}" ]; then
    passes_init_archive "$JDK25" && pass "JDK 25: the init's archive is passed on" || fail "JDK 25: the init's archive is passed on" "no -Djocker.init.archive"
    check "JDK 25: run --rm with the init's archive" 0 "out" "err" -- env JAVA_HOME="$JDK25" "${run_bb[@]}"
    # JDK 25 logs an unusable archive as an error: the container's stderr must not show it.
    cp "$work/garbage" "${archive25%.jsa}-init.jsa"
    check "JDK 25: an unusable init archive that looks fresh: no noise in the container" 0 "out" "err" -- \
      env JAVA_HOME="$JDK25" "${run_bb[@]}"
  fi
else
  echo "skip JDK 25: no JDK at '$JDK25'"
fi

# --- leaks: no mounts under the work directory, no process still running from it
for lock in "$work"/*/cache/.lock "$XDG_CACHE_HOME"/jocker/.lock; do [ -f "$lock" ] && flock "$lock" true; done
if awk -v w="$work/" 'index($5, w) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
  fail "no mounts left" "$(grep -F "$work/" /proc/self/mountinfo)"
else
  pass "no mounts left"
fi
# Read with tr, not grep: a grep for the path would find its own command line.
left=
for cmdline in /proc/[0-9]*/cmdline; do
  case $(tr '\0' ' ' 2>/dev/null <"$cmdline") in *"$work/"*) left="$left ${cmdline%/cmdline}" ;; esac
done
[ -z "$left" ] && pass "no processes left" || fail "no processes left" "$left"

# Only new ones count, and of those only the empty ones that stay: other suites on this
# machine create and remove containers' cgroups meanwhile, with their processes in them.
leaked_cgroups() {
  local dir
  for dir in $(comm -13 <(printf '%s\n' "$cgroups_before") <(jocker_cgroups)); do
    [ -d "$dir" ] && [ ! -s "$dir/cgroup.procs" ] && echo "$dir"
  done
}
new_cgroups=$(leaked_cgroups)
[ -z "$new_cgroups" ] || { sleep 2; new_cgroups=$(leaked_cgroups); }
new_devices=$(comm -13 <(printf '%s\n' "$devices_before") <(net_devices))
[ -z "$new_cgroups" ] && pass "no cgroups left" || fail "no cgroups left" "$new_cgroups"
[ -z "$new_devices" ] && pass "no network devices left" || fail "no network devices left" "$new_devices"

[ "$failures" = 0 ] && echo "launcher-test: all passed" || echo "launcher-test: $failures failed"
[ "$failures" = 0 ]
