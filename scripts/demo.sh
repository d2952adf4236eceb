#!/usr/bin/env bash
# The main job: build jocker, import a busybox image made from the host's static busybox, and
# run a container in it.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v busybox >/dev/null 2>&1 || { echo "demo: install busybox-static first (apt-get install busybox-static)" >&2; exit 1; }
mvn -B -ntp -q package -DskipTests
jocker=$(ls -d distribution/target/jocker-*/bin/jocker | head -n 1)
"$jocker" info
