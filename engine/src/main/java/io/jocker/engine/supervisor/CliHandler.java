package io.jocker.engine.supervisor;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Runs a jocker command line inside the supervisor, for the fast path of short commands: a small
 * client that loads neither the engine's wiring nor JSON hands its arguments to the warm
 * supervisor and copies back what the command printed.
 */
public interface CliHandler {

    /** Whether the supervisor runs {@code args}; others are run by the client's own JVM. */
    boolean serves(List<String> args);

    /** Runs {@code args} (global options included) and returns the exit status. */
    int run(List<String> args, OutputStream out, OutputStream err) throws IOException;
}
