# podman.sh -- sourced by the bench scripts: podman configured as ../shared/bench/anchors.sh
# configures it on this host, so that its figures compare with the anchors'. runc (crun refuses
# hybrid cgroups), cgroupfs (no systemd), file events, no network, and ulimits that root can
# grant here. Needs $B (the script's bench directory); sets PODMAN.
mkdir -p "$B/podman/tmp"
cat >"$B/podman/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
netns = "none"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF=$B/podman/containers.conf
PODMAN="podman --root $B/podman/root --runroot $B/podman/runroot --tmpdir $B/podman/tmp"
