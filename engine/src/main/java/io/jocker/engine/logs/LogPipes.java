package io.jocker.engine.logs;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The named pipes in a detached container's directory: the two its stdout and stderr go into,
 * the one its stdin comes from (with {@code -i} and no terminal), and its log file. The container's
 * output ends are opened read-write: the container itself then always counts as a reader, so it
 * never gets SIGPIPE when the supervisor dies; its writes only block once the pipe is full, until
 * a new supervisor opens the pipe by its name again. Its stdin end is read-write too unless stdin
 * must close with the first client's input (StdinOnce): then the supervisor's end is its only
 * writer, and closing it gives the container end of file.
 */
public final class LogPipes {

    private LogPipes() {}

    public static Path logFile(Path containerDir) {
        return containerDir.resolve("container.log");
    }

    public static Path fifo(Path containerDir, String stream) {
        return containerDir.resolve(stream + ".fifo");
    }

    public static Path stdinFifo(Path containerDir) {
        return containerDir.resolve("stdin.fifo");
    }

    /** Creates the pipes unless they exist (a restarted container reuses them). */
    public static void create(Path containerDir) throws LinuxException {
        if (!Files.exists(stdinFifo(containerDir))) {
            Mounts.makeFifo(stdinFifo(containerDir), 0600);
        }
        for (String stream : new String[] {LogEntry.STDOUT, LogEntry.STDERR}) {
            Path fifo = fifo(containerDir, stream);
            if (!Files.exists(fifo)) {
                Mounts.makeFifo(fifo, 0600);
            }
        }
    }

    /**
     * The supervisor's end. Opened before the container's end: Linux reports a hang-up to a FIFO
     * reader only for writers that arrived after it opened.
     */
    public static int openReader(Path containerDir, String stream) throws LinuxException {
        return Fds.open(fifo(containerDir, stream).toString(), Fds.O_RDONLY | Fds.O_NONBLOCK | Fds.O_CLOEXEC);
    }

    /** The container's end (see the class comment for why read-write). */
    public static int openContainerEnd(Path containerDir, String stream) throws LinuxException {
        return Fds.open(fifo(containerDir, stream).toString(), Fds.O_RDWR | Fds.O_CLOEXEC);
    }

    /**
     * The supervisor's end of the stdin pipe, non-blocking; read-write, so that opening it never
     * waits for the container and writing to it never raises SIGPIPE.
     */
    public static int openStdinWriter(Path containerDir) throws LinuxException {
        return Fds.open(stdinFifo(containerDir).toString(), Fds.O_RDWR | Fds.O_NONBLOCK | Fds.O_CLOEXEC);
    }

    /**
     * The container's end of the stdin pipe, opened after the supervisor's (so that a read-only
     * open does not wait for a writer); read-only when {@code stdinOnce} (see the class comment).
     */
    public static int openStdinContainerEnd(Path containerDir, boolean stdinOnce) throws LinuxException {
        return Fds.open(stdinFifo(containerDir).toString(), (stdinOnce ? Fds.O_RDONLY : Fds.O_RDWR) | Fds.O_CLOEXEC);
    }
}
