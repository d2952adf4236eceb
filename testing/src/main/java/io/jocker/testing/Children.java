package io.jocker.testing;

import io.jocker.linux.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The live (or unreaped) children of this JVM, from every thread's {@code /proc/self/task/TID/children}. */
public final class Children {

    private Children() {}

    public static List<String> ofThisJvm() throws IOException {
        List<String> children = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String listed = ProcStat.readWhole(task.resolve("children")).trim();
                    if (!listed.isEmpty()) {
                        children.addAll(List.of(listed.split(" ")));
                    }
                } catch (NoSuchFileException e) {
                    // The thread ended while listing.
                }
            }
        }
        return children;
    }
}
