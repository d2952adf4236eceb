package io.jocker.engine.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Remembers that the user stopped or killed a container, so that its restart policy does not
 * start it again (Docker's HasBeenManuallyStopped, together with its cancelled restart manager);
 * a marker file in the container's directory, cleared by the next start the user asks for.
 */
public final class UserStops {

    private static final String MARKER = "stopped-by-user";

    private UserStops() {}

    public static void mark(Path containerDir) {
        try {
            Files.createDirectories(containerDir);
            Files.writeString(containerDir.resolve(MARKER), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record that " + containerDir.getFileName() + " was stopped: " + e.getMessage(), e);
        }
    }

    public static void clear(Path containerDir) {
        try {
            Files.deleteIfExists(containerDir.resolve(MARKER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the stop marker of " + containerDir.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public static boolean isMarked(Path containerDir) {
        return Files.exists(containerDir.resolve(MARKER));
    }
}
