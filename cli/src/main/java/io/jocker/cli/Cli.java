package io.jocker.cli;

import io.jocker.engine.Engine;
import io.jocker.engine.supervisor.ClientCall;
import io.jocker.linux.FdOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** Builds the command line; {@link Failures} reports what fails. */
public final class Cli {

    private Cli() {}

    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(out, err, Subcommands.invokedBy(args));
        // Logging is this JVM's own to set; in the supervisor, a served command must not change it for every other.
        cl.setExecutionStrategy(parseResult -> {
            if (CommandLine.printHelpIfRequested(parseResult)) {
                return 0;
            }
            JockerCommand jocker = (JockerCommand) cl.getCommandSpec().userObject();
            jocker.applyLogging();
            int status = new CommandLine.RunLast().execute(parseResult);
            if (parseResult.hasSubcommand() && ServedCommands.isServable(parseResult.subcommand().commandSpec().name())) {
                Supervisors.keepWarm(jocker);
            }
            return status;
        });
        return cl.execute(args);
    }

    /** Runs a client's command line on an engine that is already built (the supervisor's). */
    static int executeOn(Engine engine, ClientCall call) {
        OutputStream out = new FdOutputStream(call.stdout());
        OutputStream err = new FdOutputStream(call.stderr());
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cl = commandLine(outWriter, errWriter, Subcommands.named(call.args().get(ServedCommands.COMMAND_INDEX)));
        ((JockerCommand) cl.getCommandSpec().userObject()).useEngine(engine, Caller.of(call), out, err);
        int status = cl.execute(call.args().toArray(String[]::new));
        outWriter.flush();
        errWriter.flush();
        return status;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, null);
    }

    /**
     * With {@code only} as the one subcommand, or all of them and {@code help} when it is null;
     * every command answers {@code --help}.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Class<?> only) {
        CommandLine cl = new CommandLine(new JockerCommand());
        for (Class<?> subcommand : only == null ? Subcommands.ALL : List.of(only)) {
            cl.addSubcommand(subcommand);
        }
        if (only == null) {
            cl.addSubcommand(HelpCommand.class);
        }
        HelpOptions.addTo(cl);
        cl.setOut(out);
        cl.setErr(err);
        // Everything after the image is the container's command, flags included.
        for (String command : List.of("run", "exec", "create")) {
            CommandLine sub = cl.getSubcommands().get(command);
            if (sub != null) {
                sub.setStopAtPositional(true);
            }
        }
        cl.setParameterExceptionHandler((ex, args) -> {
            Failures.print(ex.getCommandLine().getErr(), parameterMessage(ex));
            ex.getCommandLine().getErr().println("See 'jocker " + qualifiedName(ex.getCommandLine()) + "--help'.");
            return Failures.status(ex);
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            JockerCommand root = commandLine.getCommandSpec().root().userObject() instanceof JockerCommand j ? j : null;
            if (root != null && root.debug()) {
                ex.printStackTrace(commandLine.getErr());
            }
            Failures.print(commandLine.getErr(), Failures.message(ex));
            return Failures.status(commandLine.getCommandSpec(), ex);
        });
        return cl;
    }

    /** picocli's message, except for a word where a command is expected, which Docker calls an unknown command. */
    private static String parameterMessage(CommandLine.ParameterException ex) {
        CommandLine at = ex.getCommandLine();
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()
                && !at.getSubcommands().isEmpty() && !unmatched.getUnmatched().isEmpty()) {
            return "unknown command: " + at.getCommandSpec().qualifiedName(" ") + " " + unmatched.getUnmatched().get(0);
        }
        return ex.getMessage();
    }

    private static String qualifiedName(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        int space = name.indexOf(' ');
        return space < 0 ? "" : name.substring(space + 1) + " ";
    }
}
