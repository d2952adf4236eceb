package io.jocker.engine.supervisor;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The named pipes a detached container writes its stdout and stderr into, and its log file, all
 * in the container's directory. The container's end is opened read-write: the container itself
 * then always counts as a reader, so it never gets SIGPIPE when the supervisor dies; its writes
 * only block once the pipe is full, until a new supervisor opens the pipe by its name again.
 */
public final class LogPipes {

    private LogPipes() {}

    public static Path logFile(Path containerDir) {
        return containerDir.resolve("container.log");
    }

    static Path fifo(Path containerDir, String stream) {
        return containerDir.resolve(stream + ".fifo");
    }

    /** Creates both pipes unless they exist (a restarted container reuses them). */
    static void create(Path containerDir) throws LinuxException {
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
    static int openReader(Path containerDir, String stream) throws LinuxException {
        return Fds.open(fifo(containerDir, stream).toString(), Fds.O_RDONLY | Fds.O_NONBLOCK | Fds.O_CLOEXEC);
    }

    /** The container's end (see the class comment for why read-write). */
    static int openContainerEnd(Path containerDir, String stream) throws LinuxException {
        return Fds.open(fifo(containerDir, stream).toString(), Fds.O_RDWR | Fds.O_CLOEXEC);
    }
}
