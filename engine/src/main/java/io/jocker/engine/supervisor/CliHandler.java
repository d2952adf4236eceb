package io.jocker.engine.supervisor;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * Runs a jocker command line inside the supervisor, for the fast path: the launcher, which
 * starts no JVM, hands its command line to the warm supervisor ({@link FifoRequests}). The
 * handler alone decides what the supervisor serves: the launcher forwards, and runs in a JVM of
 * its own what the handler declines.
 */
public interface CliHandler {

    /**
     * Runs the call's command line (global options included) and returns its exit status; or
     * declines it, before anything ran or was written, and returns empty: the client then runs
     * it itself. A command that undoes its work when its thread is interrupted may {@linkplain
     * ClientCall#watchClient() stop with its client}.
     */
    OptionalInt run(ClientCall call) throws IOException;
}
