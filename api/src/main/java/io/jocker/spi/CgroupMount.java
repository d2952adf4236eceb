package io.jocker.spi;

import java.util.List;

/**
 * One cgroup file system as the container sees it under {@code /sys/fs/cgroup}, mounted from
 * inside the container's cgroup namespace, so that its root is the container's own cgroup.
 *
 * @param directory where it goes, relative to {@code /sys/fs/cgroup}: empty for {@code
 *     /sys/fs/cgroup} itself (the unified v2 tree), else the hierarchy's directory such as {@code
 *     memory} or {@code cpu,cpuacct} (v1, under a tmpfs)
 * @param type {@code cgroup} (v1) or {@code cgroup2}
 * @param options the mount data that names the v1 hierarchy, such as {@code cpu,cpuacct} or
 *     {@code none,name=systemd}; empty for {@code cgroup2}
 * @param links names in {@code /sys/fs/cgroup} that are symbolic links to {@code directory}, as
 *     {@code cpu} and {@code cpuacct} are to {@code cpu,cpuacct}
 */
public record CgroupMount(String directory, String type, String options, List<String> links) {

    public CgroupMount {
        links = List.copyOf(links);
    }

    /** The unified v2 tree at {@code /sys/fs/cgroup}. */
    public static CgroupMount unified() {
        return new CgroupMount("", "cgroup2", "", List.of());
    }
}
