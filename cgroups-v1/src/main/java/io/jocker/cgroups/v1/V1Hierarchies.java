package io.jocker.cgroups.v1;

import io.jocker.spi.CgroupMount;
import io.jocker.spi.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where each cgroup v1 controller jocker uses is mounted, from {@code /proc/self/mountinfo}.
 * Joined hierarchies such as {@code cpu,cpuacct} map several controllers to one mount point.
 *
 * @param mounts controller name to mount point, in {@link #KNOWN} order
 * @param mountData each of those mount points to the mount data that names its hierarchy (its
 *     controllers and flags, such as {@code cpu,cpuacct}), which mounts it again elsewhere
 */
record V1Hierarchies(Map<String, Path> mounts, Map<Path, String> mountData) {

    /** The controllers jocker uses, cpuset first because it must be ready before tasks join. */
    static final List<String> KNOWN =
            List.of("cpuset", "memory", "cpu", "cpuacct", "pids", "freezer", "devices", "blkio");

    V1Hierarchies {
        mounts = Collections.unmodifiableMap(new LinkedHashMap<>(mounts));
        mountData = Map.copyOf(mountData);
    }

    /** The v1 hierarchies mounted under the host's cgroup root; empty if mountinfo is unreadable. */
    static V1Hierarchies probe(Host host) {
        List<String> lines;
        try {
            lines = Files.readAllLines(host.proc().resolve("self/mountinfo"));
        } catch (IOException e) {
            return new V1Hierarchies(Map.of(), Map.of());
        }
        Map<String, Path> found = new LinkedHashMap<>();
        Map<Path, String> data = new LinkedHashMap<>();
        for (String line : lines) {
            parse(line, host, found, data);
        }
        Map<String, Path> ordered = new LinkedHashMap<>();
        for (String name : KNOWN) {
            if (found.containsKey(name)) {
                ordered.put(name, found.get(name));
            }
        }
        data.keySet().retainAll(ordered.values());
        return new V1Hierarchies(ordered, data);
    }

    /** mountinfo: {@code id parent dev root mountpoint opts [optional...] - fstype source superopts}. */
    private static void parse(String line, Host host, Map<String, Path> found, Map<Path, String> data) {
        int separator = line.indexOf(" - ");
        if (separator < 0) {
            return;
        }
        String[] head = line.substring(0, separator).split(" ");
        String[] tail = line.substring(separator + 3).split(" ");
        if (head.length < 5 || tail.length < 3 || !tail[0].equals("cgroup") || !head[3].equals("/")) {
            return;
        }
        Path mountPoint = host.root().resolve(unescape(head[4]).substring(1)).normalize();
        if (!mountPoint.startsWith(host.cgroupRoot())) {
            return;
        }
        for (String option : tail[2].split(",")) {
            if (KNOWN.contains(option)) {
                found.putIfAbsent(option, mountPoint);
                data.putIfAbsent(mountPoint, mountData(tail[2]));
            }
        }
    }

    /**
     * The super block options without {@code rw}/{@code ro} (the mount's own flags) and without
     * {@code release_agent}, which only the initial cgroup namespace may set.
     */
    private static String mountData(String superOptions) {
        return Arrays.stream(superOptions.split(","))
                .filter(o -> !o.equals("rw") && !o.equals("ro") && !o.startsWith("release_agent="))
                .collect(Collectors.joining(","));
    }

    /**
     * The container's view of these hierarchies, as runc builds it: each under the name of its
     * host mount point, and for a joined one ({@code cpu,cpuacct}) a link per controller.
     */
    List<CgroupMount> containerMounts() {
        List<CgroupMount> view = new ArrayList<>();
        for (Path mountPoint : new LinkedHashSet<>(mounts.values())) {
            String directory = mountPoint.getFileName().toString();
            List<String> links = directory.contains(",") ? List.of(directory.split(",")) : List.of();
            view.add(new CgroupMount(directory, "cgroup", mountData.get(mountPoint), links));
        }
        return List.copyOf(view);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    boolean isEmpty() {
        return mounts.isEmpty();
    }
}
