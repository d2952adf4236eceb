#!/usr/bin/env bash
#
# Runs the cgroup v2 tests tagged "cgroup2-vm" (CgroupV2ControllersTest, CgroupV2MembershipTest,
# CgroupV2ContainerViewTest) inside a throwaway VM with a pure cgroup v2 kernel (shared/tools/run-in-vm.sh beside the
# repository, or $RUN_IN_VM).
#
# Usage (from anywhere): cgroups-v2/src/test/vm/run-v2-tests.sh
# Builds on the host with Maven, then runs one plain JVM in the VM: Maven is too slow under
# emulation. Exit status: 0 when every test passed, non-zero otherwise (a skip is a failure).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../../../.." && pwd)"
VM="${RUN_IN_VM:-$ROOT/../shared/tools/run-in-vm.sh}"
[ -x "$VM" ] || [ -f "$VM" ] || { echo "run-v2-tests: no run-in-vm.sh at $VM (set RUN_IN_VM)" >&2; exit 1; }
cd "$ROOT"

CP_FILE="cgroups-v2/target/vm-test.classpath"
mvn -q -B -pl cgroups-v2 -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/vm-test.classpath -Dmdep.includeScope=test
CP="$ROOT/cgroups-v2/target/test-classes:$ROOT/cgroups-v2/target/classes:$(cat "$CP_FILE")"

exec bash "$VM" --timeout "${VM_TIMEOUT:-900}" -- \
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp "$CP" io.jocker.cgroups.v2.Cgroup2VmTests
