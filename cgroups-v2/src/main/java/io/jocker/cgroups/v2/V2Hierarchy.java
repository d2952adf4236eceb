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

/** The unified hierarchy at {@link #root()} and jocker's {@code jocker/} subtree in it. */
record V2Hierarchy(Path root) {

    static final String SUBTREE = "jocker";
    static final String CONTROLLERS = "cgroup.controllers";
    static final String SUBTREE_CONTROL = "cgroup.subtree_control";
    /** Enabled whenever available, so that {@code stats} can account for every container. */
    static final List<String> ACCOUNTING = List.of("cpu", "memory", "pids");

    Path subtree() {
        return root.resolve(SUBTREE);
    }

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
     * Creates {@code jocker/} if missing and enables {@code controllers} in the root's and its
     * {@code cgroup.subtree_control}. A directory without {@code cgroup.controllers} is not a
     * cgroup (a hybrid host's /sys/fs/cgroup is a tmpfs where mkdir succeeds), so it is refused.
     */
    void prepareSubtree(Set<String> controllers) throws CgroupException {
        enable(root, controllers);
        Path subtree = subtree();
        CgroupFiles.createDirectoryIfMissing(subtree);
        if (!Files.exists(subtree.resolve(CONTROLLERS))) {
            throw new CgroupException(subtree + " is not a cgroup v2 directory (it has no " + CONTROLLERS
                    + "); is " + root + " really a cgroup2 mount?");
        }
        enable(subtree, controllers);
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
