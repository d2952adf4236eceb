package io.jocker.spi;

/**
 * How a process ended: an exit code, or the signal that killed it.
 *
 * @param code the exit code (0 to 255) when {@code signal} is 0
 * @param signal the terminating signal number, or 0
 */
public record ExitStatus(int code, int signal) {

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0);
    }

    public static ExitStatus killed(int signal) {
        return new ExitStatus(0, signal);
    }

    /** The status a shell (and Docker) reports: the code, or 128 + signal. */
    public int shellCode() {
        return signal != 0 ? 128 + signal : code;
    }
}
