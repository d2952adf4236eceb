package io.jocker.cgroups.v1;

import io.jocker.spi.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each cgroup v1 controller jocker uses is mounted, from {@code /proc/self/mountinfo}.
 * Joined hierarchies such as {@code cpu,cpuacct} map several controllers to one mount point.
 *
 * @param mounts controller name to mount point, in {@link #KNOWN} order
 */
record V1Hierarchies(Map<String, Path> mounts) {

    /** The controllers jocker uses, cpuset first because it must be ready before tasks join. */
    static final List<String> KNOWN =
            List.of("cpuset", "memory", "cpu", "cpuacct", "pids", "freezer", "devices", "blkio");

    V1Hierarchies {
        mounts = Collections.unmodifiableMap(new LinkedHashMap<>(mounts));
    }

    /** The v1 hierarchies mounted under the host's cgroup root; empty if mountinfo is unreadable. */
    static V1Hierarchies probe(Host host) {
        List<String> lines;
        try {
            lines = Files.readAllLines(host.proc().resolve("self/mountinfo"));
        } catch (IOException e) {
            return new V1Hierarchies(Map.of());
        }
        Map<String, Path> found = new LinkedHashMap<>();
        for (String line : lines) {
            parse(line, host, found);
        }
        Map<String, Path> ordered = new LinkedHashMap<>();
        for (String name : KNOWN) {
            if (found.containsKey(name)) {
                ordered.put(name, found.get(name));
            }
        }
        return new V1Hierarchies(ordered);
    }

    /** mountinfo: {@code id parent dev root mountpoint opts [optional...] - fstype source superopts}. */
    private static void parse(String line, Host host, Map<String, Path> found) {
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
            }
        }
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
