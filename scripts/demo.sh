#!/usr/bin/env bash
# The main job, as root: build jocker, import busybox:latest made from the host's static busybox,
# and run a container in it. Set JOCKER_ROOT to use another jocker root than /var/lib/jocker.
set -euo pipefail
cd "$(dirname "$0")/.."
# What the build and the busybox image need, installed with apt-get where missing (as for the tests).
scripts/install-test-deps.sh
mvn -B -ntp -q package -DskipTests
jocker=$(ls -d "$PWD"/distribution/target/jocker-*/bin/jocker | head -n 1)
# The install step: class-data archives for this JDK, so that no command builds them behind.
"$(dirname "$jocker")/jocker-cds" build
if ! "$jocker" images -q busybox:latest 2>/dev/null | grep -q .; then
  tar=$(mktemp --suffix .tar)
  trap 'rm -f "$tar"' EXIT
  scripts/make-busybox-rootfs.sh "$tar"
  "$jocker" import "$tar" busybox:latest
fi
# No network: on the default bridge, the first container makes jocker0, its nftables table and IP
# forwarding on this host (as Docker's docker0), which a demo should not leave behind.
"$jocker" run --rm --network none busybox sh -c 'echo "Hello from a jocker container: PID $$ on host $(hostname)"; ps'
echo "jocker is at $jocker; try (as root): $jocker run -it busybox sh"
