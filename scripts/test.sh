#!/usr/bin/env bash
# Runs every test: unit tests, the real kernel tests (as root), the end-to-end tests of the
# built distribution, and the cgroup v2 controller tests inside a throwaway pure-v2 VM (this
# host's hierarchy is hybrid, so they cannot run here). Any failure fails the whole run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp verify
cgroups-v2/src/test/vm/run-v2-tests.sh
