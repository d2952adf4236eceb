package io.jocker.testing;

import io.jocker.linux.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
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

    /**
     * This JVM's children once none is left, or those still there after {@code grace}: a child killed on an error path
     * is reaped by another thread, so a check made the moment a test ends can see it for a few milliseconds.
     */
    public static List<String> remainingAfter(Duration grace) throws IOException, InterruptedException {
        return awaitUntil(List::isEmpty, grace);
    }

    /** This JVM's children once {@code done} holds for them, or as they are after {@code limit}. */
    public static List<String> awaitUntil(Predicate<List<String>> done, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> children = ofThisJvm();
        while (!done.test(children) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            children = ofThisJvm();
        }
        return children;
    }
}
