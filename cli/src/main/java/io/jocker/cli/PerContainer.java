package io.jocker.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Docker's pattern for commands over several containers: each reference is echoed on success,
 * each failure is one "Error response from daemon" line, and any failure makes the status 1.
 */
final class PerContainer {

    private PerContainer() {}

    static int run(CommandLine commandLine, List<String> references, Consumer<String> action) {
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        int status = 0;
        for (String reference : references) {
            try {
                action.accept(reference);
                out.println(reference);
            } catch (RuntimeException e) {
                err.println("Error response from daemon: " + Cli.message(e));
                status = 1;
            }
        }
        out.flush();
        err.flush();
        return status;
    }
}
