package io.jocker.cgroups.v2;

import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The unified hierarchy at {@link #root()}, where jocker's cgroups are. */
record V2Hierarchy(Path root) {

    static final String CONTROLLERS = "cgroup.controllers";
    static final String SUBTREE_CONTROL = "cgroup.subtree_control";
    /** Enabled whenever available, so that {@code stats} can account for every container. */
    static final List<String> ACCOUNTING = List.of("cpu", "memory", "pids");

    /** The controllers the root offers to its children. */
    List<String> available() throws CgroupException {
        return words(root.resolve(CONTROLLERS));
    }

    /** Fails, naming the first controller the root does not offer. */
    void checkAvailable(Collection<String> needed) throws CgroupException {
        List<String> available = available();
        for (String controller : needed) {
            if (!available.contains(controller)) {
                throw new CgroupException("cgroup v2 controller \"" + controller + "\" is not available on this host ("
                        + CONTROLLERS + " of " + root + " lists: " + String.join(" ", available) + ")");
            }
        }
    }

    /** The controllers to enable for a container with these limit controllers. */
    Set<String> toEnable(Collection<String> limitControllers) throws CgroupException {
        Set<String> wanted = new LinkedHashSet<>(limitControllers);
        List<String> available = available();
        ACCOUNTING.stream().filter(available::contains).forEach(wanted::add);
        return wanted;
    }

    /**
     * Creates the parents of the cgroup at {@code path} (relative to the root, for example
     * {@code jocker/abc}) if missing and enables {@code controllers} in the root's and each
     * parent's {@code cgroup.subtree_control}. A directory without {@code cgroup.controllers} is
     * not a cgroup (a hybrid host's /sys/fs/cgroup is a tmpfs where mkdir succeeds), so it is refused.
     */
    void prepareParents(String path, Set<String> controllers) throws CgroupException {
        enable(root, controllers);
        Path parent = root;
        String[] names = path.split("/");
        for (int i = 0; i < names.length - 1; i++) {
            parent = parent.resolve(names[i]);
            CgroupFiles.createDirectoryIfMissing(parent);
            if (!Files.exists(parent.resolve(CONTROLLERS))) {
                throw new CgroupException(parent + " is not a cgroup v2 directory (it has no " + CONTROLLERS
                        + "); is " + root + " really a cgroup2 mount?");
            }
            enable(parent, controllers);
        }
    }

    /** Writes only the controllers not yet enabled, all in one write. */
    private static void enable(Path dir, Set<String> controllers) throws CgroupException {
        Path control = dir.resolve(SUBTREE_CONTROL);
        List<String> enabled = Files.exists(control) ? words(control) : List.of();
        List<String> missing = new ArrayList<>();
        for (String controller : controllers) {
            if (!enabled.contains(controller)) {
                missing.add("+" + controller);
            }
        }
        if (!missing.isEmpty()) {
            CgroupFiles.write(control, String.join(" ", missing));
        }
    }

    /** The words of a space-separated file; a leading '+' (as written) is dropped. */
    private static List<String> words(Path file) throws CgroupException {
        String content = CgroupFiles.read(file);
        if (content.isBlank()) {
            return List.of();
        }
        return Arrays.stream(content.split("\\s+")).map(w -> w.startsWith("+") ? w.substring(1) : w).toList();
    }
}
