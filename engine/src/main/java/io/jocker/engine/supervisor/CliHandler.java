package io.jocker.engine.supervisor;

import java.io.IOException;
import java.util.List;

/**
 * Runs a jocker command line inside the supervisor, for the fast path: the launcher, which
 * starts no JVM, hands its command line to the warm supervisor ({@link FifoRequests}).
 */
public interface CliHandler {

    /** Whether the supervisor runs {@code args}; others are run by the client's own JVM. */
    boolean serves(List<String> args);

    /**
     * Whether {@code args} (which it {@linkplain #serves serves}) is a command that undoes its work
     * when its thread is interrupted, and so stops when its client goes away (the user pressed
     * Ctrl-C), as Docker's do when their connection ends.
     */
    default boolean stopsWithItsClient(List<String> args) {
        return false;
    }

    /** Runs the call's command line (global options included) and returns the exit status. */
    int run(ClientCall call) throws IOException;
}
