package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files of the launcher's fast-path requests, {@code r.PID.*} in a root's supervisor directory. */
final class FastPathRequests {

    private FastPathRequests() {}

    /** The supervisor removes a request once its client has exited: give it a moment, then none may be left. */
    static void assertNoneLeft(Path root) throws Exception {
        for (int i = 0; i < 100 && !of(root).isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), of(root));
    }

    static List<Path> of(Path root) throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("supervisor"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("r.")).toList();
        }
    }
}
