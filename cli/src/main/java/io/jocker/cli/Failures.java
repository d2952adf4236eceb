package io.jocker.cli;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.network.NetworkConfigException;
import io.jocker.engine.plugin.DriverSelectionException;
import io.jocker.engine.resources.InvalidResourceException;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How a failure reaches the user: one line on stderr, {@code jocker: } and a message meant for
 * the user (jocker has no daemon, so none of Docker's "Error response from daemon"); and its exit
 * status, chosen as Docker's client chooses it: 125 for a wrong command line (an unknown option, a
 * value that cannot be parsed or is refused before anything is done, an unknown driver) and for
 * every failure of {@code run}; 1 for any other failure (no such container, a refused archive)
 * and for a missing or extra argument.
 */
final class Failures {

    static final String PREFIX = "jocker: ";
    /** A command failed. */
    static final int FAILED = 1;
    /** The command line is wrong, or {@code run} failed before its container ran. */
    static final int USAGE = 125;
    /** Docker's client reports every failure of these with 125 ({@code toStatusError}), and 1 for other commands. */
    private static final Set<String> ALWAYS_125 = Set.of("run");

    private Failures() {}

    static void print(PrintWriter err, String message) {
        err.println(PREFIX + message);
        err.flush();
    }

    /** The status of a failure thrown by {@code command}'s own code. */
    static int status(CommandSpec command, Throwable failure) {
        if (failure instanceof InspectTemplateException) {
            return InspectTemplateException.STATUS;
        }
        return ALWAYS_125.contains(command.name()) || isUsageError(failure) ? USAGE : FAILED;
    }

    /** The status of a command line that picocli refused. */
    static int status(ParameterException e) {
        if (e instanceof MissingParameterException missing && missing.getMissing().stream().noneMatch(ArgSpec::isOption)) {
            return FAILED;
        }
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()) {
            return FAILED;
        }
        return USAGE;
    }

    private static boolean isUsageError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidOptionException || t instanceof InvalidResourceException || t instanceof DriverSelectionException
                    || t instanceof NetworkConfigException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message to show for a failure: the engine's own message where there is one anywhere in
     * the cause chain (wrappers such as dependency-injection errors add only noise), else the
     * first message found; never a Java class name.
     */
    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EngineException) {
                return EngineException.messageOf(t);
            }
        }
        String message = EngineException.messageOf(e);
        return message.equals(EngineException.NO_DESCRIPTION) ? message + " (run with --debug for its stack trace)" : message;
    }
}
