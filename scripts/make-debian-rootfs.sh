#!/bin/sh
# Builds a Debian 12 (bookworm) root file system tar with debootstrap --variant=minbase, from
# Debian's package mirror: a real distribution's root, with /dev/ptmx, /dev/tty and the other
# device nodes debootstrap makes, hard links, set-id files, bash, apt and the shadow tools.
# Usage: make-debian-rootfs.sh OUT.tar [MIRROR]   (default mirror: http://deb.debian.org/debian)
# Needs root and the debootstrap package; takes about two minutes on a fresh machine.
set -eu

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
    echo "usage: $0 OUT.tar [MIRROR]" >&2
    exit 2
fi
out=$1
mirror=${2:-http://deb.debian.org/debian}

if ! command -v debootstrap >/dev/null 2>&1; then
    echo "$0: debootstrap is not installed; install it with: apt-get install debootstrap" >&2
    exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT INT TERM

debootstrap --variant=minbase bookworm "$stage/root" "$mirror" >"$stage/debootstrap.log" 2>&1 || {
    echo "$0: debootstrap failed; its log ends with:" >&2
    tail -n 20 "$stage/debootstrap.log" >&2
    exit 1
}
# The downloaded packages are not part of the system.
rm -f "$stage/root/var/cache/apt/archives/"*.deb

tar --create --file "$out.partial" --directory "$stage/root" --sort=name --numeric-owner .
mv "$out.partial" "$out"
