#!/usr/bin/env bash
# Runs every test: unit tests, the real kernel tests (as root), and the end-to-end tests of the
# built distribution.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp verify
