package io.jocker.cli;

import io.jocker.engine.Engine;
import io.jocker.engine.EngineException;
import io.jocker.engine.supervisor.ClientCall;
import io.jocker.linux.FdOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** Builds the command line and maps failures to Docker's exit statuses. */
public final class Cli {

    /** jocker itself failed, or the command line was wrong. */
    public static final int ENGINE_ERROR = 125;

    private Cli() {}

    public static int execute(String... args) {
        CommandLine cl = commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), Subcommands.invokedBy(args));
        // Logging is this JVM's own to set; in the supervisor, a served command must not change it for every other.
        cl.setExecutionStrategy(parseResult -> {
            JockerCommand jocker = (JockerCommand) cl.getCommandSpec().userObject();
            jocker.applyLogging();
            int status = new CommandLine.RunLast().execute(parseResult);
            // Not after an engine error: its global options (an unknown driver) may be why it failed.
            if (status != ENGINE_ERROR && parseResult.hasSubcommand()
                    && ServedCommands.isServable(parseResult.subcommand().commandSpec().name())) {
                Supervisors.keepWarm(jocker);
            }
            return status;
        });
        return cl.execute(args);
    }

    /**
     * Runs a client's command line on an engine that is already built (the supervisor's): on
     * {@code top}, the model of its global options, with {@code command} as the one subcommand;
     * {@code strategy} runs the parsed line, or declines it.
     */
    static int executeOn(Engine engine, ClientCall call, CommandLine top, Class<?> command, CommandLine.IExecutionStrategy strategy) {
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

    /** With {@code only} as the one subcommand, or all of them when it is null. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Class<?> only) {
        return commandLine(new CommandLine(new JockerCommand()), out, err, only);
    }

    /** The same on {@code cl}, a model of the global options alone (which may have parsed them already). */
    static CommandLine commandLine(CommandLine cl, PrintWriter out, PrintWriter err, Class<?> only) {
        for (Class<?> subcommand : only == null ? Subcommands.ALL : List.of(only)) {
            cl.addSubcommand(subcommand);
        }
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
            ex.getCommandLine().getErr().println("jocker: " + ex.getMessage());
            ex.getCommandLine().getErr().println("See 'jocker " + qualifiedName(ex.getCommandLine()) + "--help'.");
            return ENGINE_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            JockerCommand root = commandLine.getCommandSpec().root().userObject() instanceof JockerCommand j ? j : null;
            if (root != null && root.debug()) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println("jocker: " + message(ex));
            return ENGINE_ERROR;
        });
        return cl;
    }

    private static String qualifiedName(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        int space = name.indexOf(' ');
        return space < 0 ? "" : name.substring(space + 1) + " ";
    }

    /**
     * The message to show for a failure: the engine's own message where there is one anywhere in
     * the cause chain (wrappers such as dependency-injection errors add only noise), else the
     * first message found.
     */
    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EngineException) {
                return t.getMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.toString();
    }
}
