#!/usr/bin/env bash
# Runs every test, as root: installs what they need (scripts/install-test-deps.sh), then the unit
# tests, the real kernel tests, the end-to-end tests of the built distribution, and the cgroup v2
# controller tests inside a throwaway pure-v2 VM (this host's hierarchy is hybrid, so they cannot
# run here). Any failure fails the whole run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
mvn -B -ntp verify
cgroups-v2/src/test/vm/run-v2-tests.sh
