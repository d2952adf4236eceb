package io.jocker.testing.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Leak checks for tests that create real (or fake) cgroups under a {@code jocker/} subtree. */
public final class CgroupLeaks {

    private CgroupLeaks() {}

    /**
     * Every {@code jocker/<id>} directory left under {@code cgroupRoot}: the root itself (v2) and
     * each hierarchy mounted directly below it (v1, and the hybrid {@code unified}).
     */
    public static List<Path> leftovers(Path cgroupRoot, String id) {
        try (Stream<Path> children = Files.list(cgroupRoot)) {
            return Stream.concat(Stream.of(cgroupRoot), children.filter(Files::isDirectory))
                    .map(h -> h.resolve("jocker").resolve(id))
                    .filter(Files::exists)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails the test if any cgroup of {@code id} remains. */
    public static void assertNoCgroup(Path cgroupRoot, String id) {
        assertEquals(List.of(), leftovers(cgroupRoot, id), "cgroups left behind for " + id);
    }

    /** A unique id for a test cgroup, {@code test-<random>}. */
    public static String testId() {
        return "test-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
