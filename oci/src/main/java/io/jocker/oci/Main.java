package io.jocker.oci;

import picocli.CommandLine;

/** {@code bin/jocker-runc}: the OCI runtime's command line, runc's commands and options. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine line = new CommandLine(new RuncCommand());
        // exec ID COMMAND...: the command's own options are not exec's.
        line.getSubcommands().get("exec").setStopAtPositional(true);
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            System.err.println("jocker-runc: " + (e.getMessage() != null ? e.getMessage() : "an unexpected error without a description"));
            return 1;
        });
        line.setParameterExceptionHandler((e, arguments) -> {
            System.err.println("jocker-runc: " + e.getMessage());
            return 1;
        });
        return line.execute(args);
    }
}
