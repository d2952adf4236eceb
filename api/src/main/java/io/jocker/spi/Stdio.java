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
 */
public record Stdio(int stdin, int stdout, int stderr, boolean tty) {

    /** The caller's own standard streams. */
    public static Stdio inherit() {
        return new Stdio(0, 1, 2, false);
    }

    /** A pseudo-terminal. */
    public static Stdio terminal() {
        return new Stdio(-1, -1, -1, true);
    }
}
