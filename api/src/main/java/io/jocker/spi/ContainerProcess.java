package io.jocker.spi;

import java.util.OptionalInt;

/**
 * A process an isolator started. Its user command is running when the isolator returns it.
 *
 * <p>Implementers must guarantee that {@link #waitFor()} reaps exactly this PID (never {@code
 * waitpid(-1)}) and may be called from any thread, once.
 */
public interface ContainerProcess {

    /** The process's PID in the host PID namespace. */
    long pid();

    /** The process's start time in clock ticks since boot (field 22 of {@code /proc/PID/stat}), to detect PID reuse. */
    long startTime();

    /** The pseudo-terminal master when the process was started with {@link Stdio#terminal()}. */
    OptionalInt ttyMaster();

    /** Blocks until the process exits and reaps it. */
    ExitStatus waitFor() throws InterruptedException;
}
