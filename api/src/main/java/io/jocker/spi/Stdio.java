package io.jocker.spi;

/**
 * The standard streams of a new process, as file descriptors of the calling process.
 *
 * @param stdin fd to become the process's fd 0
 * @param stdout fd to become fd 1
 * @param stderr fd to become fd 2
 * @param tty when true the three fds are ignored: the isolator allocates a pseudo-terminal whose
 *     slave becomes the process's controlling terminal and fds 0 to 2, and returns the master
 *     through {@link ContainerProcess#ttyMaster()}
 * @param rows the terminal's initial height, set before the command runs (0 when unknown)
 * @param columns the terminal's initial width (0 when unknown)
 */
public record Stdio(int stdin, int stdout, int stderr, boolean tty, int rows, int columns) {

    /** Explicit descriptors, no terminal. */
    public static Stdio of(int stdin, int stdout, int stderr) {
        return new Stdio(stdin, stdout, stderr, false, 0, 0);
    }

    /** The caller's own standard streams. */
    public static Stdio inherit() {
        return of(0, 1, 2);
    }

    /** A pseudo-terminal of the given initial size (0 x 0 when unknown). */
    public static Stdio terminal(int rows, int columns) {
        return new Stdio(-1, -1, -1, true, rows, columns);
    }
}
