package io.jocker.cli;

import io.jocker.engine.Engine;
import io.jocker.supervisor.ClientCall;
import io.jocker.linux.FdOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import picocli.CommandLine;

/** Builds the command line; {@link Failures} reports what fails. */
public final class Cli {

    private static final Set<Class<?>> STOP_AT_POSITIONAL = Set.of(RunCommand.class, ExecCommand.class, CreateCommand.class);

    private Cli() {}

    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int execute(PrintWriter out, PrintWriter err, String... args) {
        // One model of the global options, which finds the command and then takes it: building it twice costs start-up time.
        CommandLine top = new CommandLine(new JockerCommand());
        CommandLine cl = commandLine(top, out, err, Subcommands.invokedBy(top, args));
        cl.setExecutionStrategy(new InThisProcess(cl));
        return cl.execute(args);
    }

    /** picocli's {@code RunLast}, except that a group without a command prints its usage on stderr and exits 0, as Docker's do. */
    private static int runLast(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult last = lastOf(parseResult);
        if (CommandGroups.isGroup(last.commandSpec())) {
            last.commandSpec().commandLine().usage(last.commandSpec().commandLine().getErr());
            return 0;
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    private static CommandLine.ParseResult lastOf(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last;
    }

    /**
     * Runs a client's command line on an engine that is already built (the supervisor's): on
     * {@code top}, the model of its global options, with {@code command} as the one subcommand;
     * {@code strategy} runs the parsed line, or declines it.
     */
    static int executeOn(Engine engine, ClientCall call, CommandLine top, String command, CommandLine.IExecutionStrategy strategy) {
        OutputStream out = new FdOutputStream(call.stdout());
        OutputStream err = new FdOutputStream(call.stderr());
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cl = commandLine(top, outWriter, errWriter, command);
        ((JockerCommand) cl.getCommandSpec().userObject()).useEngine(engine, Caller.of(call), out, err);
        cl.setExecutionStrategy(strategy);
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
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String only) {
        return commandLine(new CommandLine(new JockerCommand()), out, err, only);
    }

    /** The same on {@code cl}, a model of the global options alone (which may have parsed them already). */
    static CommandLine commandLine(CommandLine cl, PrintWriter out, PrintWriter err, String only) {
        if (only == null) {
            Subcommands.addAll(cl);
            cl.addSubcommand(HelpCommand.class);
        } else {
            Subcommands.add(cl, only);
        }
        HelpOptions.addTo(cl);
        cl.setExecutionStrategy(new RunLastOrUsage());
        cl.setOut(out);
        cl.setErr(err);
        // Everything after the image is the container's command, flags included.
        stopAtPositional(cl);
        cl.setParameterExceptionHandler(new ParameterErrors());
        cl.setExecutionExceptionHandler(new ExecutionErrors());
        return cl;
    }

    /*
     * The strategies and handlers below are classes, not lambdas: a lambda's call site, resolved
     * when the start-up archive is made, links picocli's Java 5 classes, which keeps them (picocli's
     * CommandLine among them) out of the archive, so that every cold command read them from the jar.
     */

    /** Runs the parsed line in this JVM; logging is this JVM's own to set (in the supervisor, a served command must not change it for every other). */
    private static final class InThisProcess implements CommandLine.IExecutionStrategy {
        private final CommandLine cl;

        InThisProcess(CommandLine cl) {
            this.cl = cl;
        }

        @Override
        public int execute(CommandLine.ParseResult parseResult) {
            if (CommandLine.printHelpIfRequested(parseResult)) {
                return 0;
            }
            JockerCommand jocker = (JockerCommand) cl.getCommandSpec().userObject();
            jocker.applyLogging();
            int status = runLast(parseResult);
            // Not after an engine error: its global options (an unknown driver) may be why it failed.
            if (status != Failures.USAGE && parseResult.hasSubcommand()
                    && ServedCommands.isServable(parseResult.subcommand().commandSpec().name())) {
                Supervisors.keepWarm(jocker);
            }
            return status;
        }
    }

    private static final class RunLastOrUsage implements CommandLine.IExecutionStrategy {
        @Override
        public int execute(CommandLine.ParseResult parseResult) {
            return runLast(parseResult);
        }
    }

    private static final class ParameterErrors implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            Failures.print(ex.getCommandLine().getErr(), parameterMessage(ex));
            ex.getCommandLine().getErr().println("See 'jocker " + qualifiedName(ex.getCommandLine()) + "--help'.");
            return Failures.status(ex);
        }
    }

    private static final class ExecutionErrors implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            JockerCommand root = commandLine.getCommandSpec().root().userObject() instanceof JockerCommand j ? j : null;
            if (root != null && root.debug()) {
                ex.printStackTrace(commandLine.getErr());
            }
            Failures.print(commandLine.getErr(), Failures.message(ex));
            return Failures.status(commandLine.getCommandSpec(), ex);
        }
    }

    /** Everything after the image is the container's command, flags included: in groups too ({@code container run}). */
    private static void stopAtPositional(CommandLine cl) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (STOP_AT_POSITIONAL.contains(sub.getCommandSpec().userObject().getClass())) {
                sub.setStopAtPositional(true);
            }
            stopAtPositional(sub);
        });
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
