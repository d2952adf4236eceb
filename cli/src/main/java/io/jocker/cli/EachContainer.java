package io.jocker.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs an action on each container named, as Docker's multi-container commands do: a failure is
 * reported on stderr and the others still run; the exit status is 1 when any failed.
 */
final class EachContainer {

    /** An action on one container reference; returns what to print on success (null for nothing). */
    @FunctionalInterface
    interface Action {
        String apply(String reference) throws Exception;
    }

    private EachContainer() {}

    static int run(CommandSpec spec, List<String> references, Action action) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int status = 0;
        for (String reference : references) {
            try {
                String line = action.apply(reference);
                if (line != null) {
                    out.println(line);
                }
            } catch (Exception e) {
                Failures.print(err, Failures.message(e));
                status = 1;
            }
        }
        out.flush();
        err.flush();
        return status;
    }
}
