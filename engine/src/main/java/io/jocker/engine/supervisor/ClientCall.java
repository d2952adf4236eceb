package io.jocker.engine.supervisor;

import io.jocker.linux.LinuxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A command line that a client handed to the supervisor, with what the command needs of the
 * client: its environment ({@code -e KEY} takes the client's value), its working directory
 * (relative paths are the client's), and its standard output and error (fds the supervisor
 * holds; a foreground container writes to them directly).
 *
 * @param pid the client's process (its standard output is not {@code stdout}, a FIFO that it relays)
 * @param home the client's jocker distribution, where its launcher is (of the supervisor's build)
 * @param processStarted told the host PID of a foreground process once it runs, so that the
 *     client can pass the signals it receives on to it
 * @param starter starts detached containers in the supervisor that serves the command
 */
public record ClientCall(List<String> args, long pid, Map<String, String> environment, Path workingDir, Path home, int stdout,
        int stderr, LongConsumer processStarted, DetachedStarter starter) {

    public ClientCall {
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
    }

    /**
     * Until closed, interrupts the calling thread, which runs the command, once the client is gone
     * (the user pressed Ctrl-C): for commands that undo their work when interrupted, and so stop
     * with their client, as Docker's do when their connection ends.
     */
    public ClientWatch watchClient() throws LinuxException {
        return ClientWatch.start(stdout, Thread.currentThread());
    }
}
