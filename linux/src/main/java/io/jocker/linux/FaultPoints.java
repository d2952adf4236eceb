package io.jocker.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The fault-injection suite's hook: named steps of the commands where a test can stop a process to
 * kill it there. With {@code JOCKER_FAULT_POINTS=DIR} in its environment, a process that reaches a
 * step while the file {@code DIR/STEP} exists removes that file (each arming stops one process
 * once), writes its PID into {@code DIR/STEP.reached} and waits there until it is killed, the test
 * removes that file, or its thread is interrupted (a served command whose client went away). Without
 * the variable, as in production, {@link #reach} returns at once.
 */
public final class FaultPoints {

    private static final String ENV = "JOCKER_FAULT_POINTS";
    private static final long POLL_MILLIS = 20;
    private static final Path DIR = directory();

    private FaultPoints() {}

    private static Path directory() {
        String dir = System.getenv(ENV);
        return dir == null || dir.isEmpty() ? null : Path.of(dir);
    }

    /** Stops here when the test armed {@code step}; see the class comment. */
    public static void reach(String step) {
        if (DIR == null) {
            return;
        }
        Path reached = DIR.resolve(step + ".reached");
        try {
            Files.delete(DIR.resolve(step));
            Path temporary = DIR.resolve(step + ".reached." + ProcessHandle.current().pid());
            Files.writeString(temporary, ProcessHandle.current().pid() + "\n");
            Files.move(temporary, reached, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new IllegalStateException("fault point " + step + ": " + e.getMessage(), e);
        }
        while (Files.exists(reached)) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
