#!/bin/sh
# Builds a minimal busybox root file system tar from the host's static busybox.
# Usage: make-busybox-rootfs.sh OUT.tar
# The tar is deterministic: sorted entries, fixed mtimes, uid/gid 0, so equal inputs give equal
# diff_ids and image ids.
set -eu

if [ "$#" -ne 1 ]; then
    echo "usage: $0 OUT.tar" >&2
    exit 2
fi
out=$1

busybox=
for candidate in /usr/bin/busybox /bin/busybox; do
    if [ -x "$candidate" ]; then
        busybox=$candidate
        break
    fi
done
if [ -z "$busybox" ]; then
    echo "$0: no busybox found at /usr/bin/busybox or /bin/busybox; install it with: apt-get install busybox-static" >&2
    exit 1
fi
if ! applets=$(LC_ALL=C "$busybox" --list 2>/dev/null) || [ -z "$applets" ]; then
    echo "$0: $busybox cannot list its applets (is it busybox?)" >&2
    exit 1
fi
if ldd "$busybox" >/dev/null 2>&1; then
    echo "$0: $busybox is dynamically linked; install the static one with: apt-get install busybox-static" >&2
    exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT INT TERM

umask 022
mkdir -p "$stage/bin" "$stage/etc" "$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/root" "$stage/home"
chmod 1777 "$stage/tmp"
chmod 0700 "$stage/root"
cp "$busybox" "$stage/bin/busybox"
chmod 0755 "$stage/bin/busybox"
for applet in $applets; do
    case "$applet" in
        busybox|*/*|.*) ;;
        *) ln -s busybox "$stage/bin/$applet" ;;
    esac
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' > "$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$stage/etc/group"
chmod 0644 "$stage/etc/passwd" "$stage/etc/group"

tar --create --file "$out" --directory "$stage" --sort=name --format=gnu \
    --mtime='2000-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
    bin dev etc home proc root sys tmp
