#!/usr/bin/env bash
# Installs what the build and the tests need on Debian 12, as root: scripts/test.sh (README's test
# command) and .ci/run both start with it. A requirement already met (its command or file exists)
# installs nothing, so on a prepared machine it runs no apt-get at all. One requirement a line:
#   need COMMAND-OR-FILE PACKAGE   # which test needs it
set -euo pipefail

missing=()
need() {
  case $1 in
    /*) [ -e "$1" ] || missing+=("$2") ;;
    *) command -v "$1" >/dev/null 2>&1 || missing+=("$2") ;;
  esac
}

need javac openjdk-17-jdk-headless  # the build; PluginJars compiles test plugins at run time
need mvn maven
need gcc gcc                        # the build compiles run --init's PID 1 (distribution/src/init)
need /usr/lib/x86_64-linux-gnu/libc.a libc6-dev  # ... statically linked
need busybox busybox-static         # the test image is made from the host's static busybox
need setfattr attr                  # xattrs through layers (getfattr, setfattr)
need ps procps                      # jocker top runs ps; tests send signals with kill
need script bsdutils                # terminal tests run jocker under script(1)
need flock util-linux               # the launcher's fast path and the tests' lock
need /usr/lib/x86_64-linux-gnu/libcrypto.so.3 libssl3  # OpenSSL's SHA-256 (OpenSslSha256Test)
need skopeo skopeo                  # interop peers of save and load (ImagesIT)
need umoci umoci
need docker-registry docker-registry  # the reference registry that pull and push talk to (RegistryIT, ImagePusherTest)
need htpasswd apache2-utils          # the bcrypt htpasswd file of RegistryIT's registry with basic auth
need openssl openssl                # the CA, certificates and token-signing key of TokenAuthTest
need ip iproute2                    # the bridge network driver's links and addresses (NetworkIT)
need /usr/sbin/nft nftables                   # its NAT and filtering, in table ip jocker (NetworkIT)
need nsenter util-linux             # its container-side set-up, and NetworkIT's namespace
need ctr containerd                 # containerd and its runc shim drive bin/jocker-runc (ContainerdIT); its service is not started
need /usr/sbin/debootstrap debootstrap          # a real Debian root file system, built once into /var/cache/jocker-tests (DebianRootfsIT)

if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "install-test-deps: run as root to install: ${missing[*]}" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
