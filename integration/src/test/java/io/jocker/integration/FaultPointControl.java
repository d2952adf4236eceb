package io.jocker.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The test's side of the engine's fault points ({@code JOCKER_FAULT_POINTS}): arms a named step,
 * waits until a process stops there, and lets it go on.
 */
final class FaultPointControl {

    static final String ENV = "JOCKER_FAULT_POINTS";
    private static final long REACH_MILLIS = 60_000;

    private final Path dir;

    FaultPointControl(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    /** The next process that reaches {@code step} stops there. */
    void arm(String step) throws IOException {
        Files.writeString(dir.resolve(step), "");
    }

    /** Waits until a process stopped at {@code step}; returns its PID. Fails if {@code client} ends first. */
    long awaitReached(String step, Process client, String what) throws Exception {
        Path reached = dir.resolve(step + ".reached");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REACH_MILLIS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(reached)) {
                return Long.parseLong(Files.readString(reached).trim());
            }
            if (!client.isAlive()) {
                throw new AssertionError(what + " ended with " + client.exitValue() + " before it reached " + step);
            }
            Thread.sleep(20);
        }
        throw new AssertionError(what + " did not reach " + step + " within " + REACH_MILLIS + " ms");
    }

    /** Lets every process stopped at a step go on, and disarms every step. */
    void releaseAll() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Lets a process stopped at {@code step} go on, and disarms the step if nothing reached it. */
    void release(String step) throws IOException {
        Files.deleteIfExists(dir.resolve(step + ".reached"));
        Files.deleteIfExists(dir.resolve(step));
    }
}
