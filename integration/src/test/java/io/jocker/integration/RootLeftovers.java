package io.jocker.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a jocker root may hold once every container, volume and image but one is removed and its
 * supervisor has exited: no temporary file or spool, no container or volume directory, no layer
 * that the remaining image does not use, no request of a fast-path client. LeakCheck covers the
 * host (mounts, cgroups, processes); this covers the root's files. (Empty lock files of removed
 * containers are not counted: any command that locks a container id may recreate one, and
 * deleting a lock file that another process may hold breaks the lock.)
 */
final class RootLeftovers {

    /** Names that only temporary files have: unnamed files given a name, older temporary files, spools. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.tmp-.*|.*\\.tmp|commit-.*\\.tar|pending-.*|load-.*|unpack-again-.*");

    private RootLeftovers() {}

    /**
     * Everything left in {@code root} beyond what {@code layers} layers (those of the images kept)
     * need, one per line; {@code outputDir}, where the test wrote archives, may hold only {@code
     * outputs}.
     */
    static List<String> find(Path root, int layers, Path outputDir, Set<String> outputs) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches()).forEach(p -> found.add("temporary " + p));
        }
        for (String dir : List.of("containers", "overlay/containers", "volumes", "image/overlay/tmp")) {
            entries(root.resolve(dir)).forEach(p -> found.add("left in " + dir + ": " + p.getFileName()));
        }
        entries(root.resolve("supervisor")).stream().filter(p -> p.getFileName().toString().startsWith("r."))
                .forEach(p -> found.add("fast-path request: " + p.getFileName()));
        count(found, "layer directories", entries(root.resolve("overlay/layers")).size(), layers);
        count(found, "layer links", entries(root.resolve("overlay/l")).size(), layers);
        count(found, "layer records", matching(root.resolve("image/overlay/layers"), ".json"), layers);
        count(found, "layer indexes", matching(root.resolve("image/overlay/layers"), ".tarsplit"), layers);
        if (outputDir != null) {
            entries(outputDir).stream().filter(p -> !outputs.contains(p.getFileName().toString()))
                    .forEach(p -> found.add("left beside the output: " + p.getFileName()));
        }
        return found;
    }

    static boolean isEmpty(Path dir) throws IOException {
        return entries(dir).isEmpty();
    }

    private static void count(List<String> found, String what, long actual, int expected) {
        if (actual != expected) {
            found.add(actual + " " + what + " where the images kept need " + expected);
        }
    }

    private static long matching(Path dir, String suffix) throws IOException {
        return entries(dir).stream().filter(p -> p.getFileName().toString().endsWith(suffix)).count();
    }

    private static List<Path> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
