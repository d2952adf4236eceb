package io.jocker.cli;

import io.jocker.engine.Engine;
import io.jocker.engine.base.EngineConfig;
import io.jocker.supervisor.CliHandler;
import io.jocker.supervisor.ClientCall;
import io.jocker.images.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import io.jocker.images.Digests;
import io.jocker.supervisor.ClientWatch;
import io.jocker.linux.LinuxException;
import java.util.OptionalInt;
import java.util.Set;
import picocli.CommandLine;

/**
 * The command lines a running supervisor runs for the launcher's fast path (see {@code bin/jocker}):
 * every command in {@link #COMMANDS}, unless
 * <ul>
 *   <li>its global options and the caller's environment ask for another engine than the
 *       supervisor's (root, drivers, plugin directories), or for other logging (which is the
 *       process's, not a command's);
 *   <li>it needs the caller's terminal or stdin ({@code run -i}, {@code exec -t}, {@code start -a},
 *       {@code import -}, {@code load} without {@code -i}), which the supervisor does not have.
 * </ul>
 * Anything else is declined, before it runs, and the client runs it in a JVM of its own.
 */
final class ServedCommands implements CliHandler {

    static final Set<String> COMMANDS = Set.of("ps", "logs", "rm", "inspect", "wait", "stop", "kill",
            "restart", "rename", "pause", "unpause", "top", "images", "info", "create", "commit", "run", "exec",
            "start", "import", "load", "save", "export");
    /**
     * Commands that hash whole layers: the supervisor runs on C1 alone, where the JDK's SHA-256 is
     * about ten times slower than with C2, so it serves them only with OpenSSL's.
     */
    private static final Set<String> HASHING = Set.of("import", "load");
    /** Image files in and out: all or nothing, they leave nothing behind when interrupted. */
    private static final Set<String> STOP_WITH_CLIENT = Set.of("import", "load", "save", "export");
    /** What the execution returns for a command line that it declined; no exit status is negative. */
    private static final int DECLINED = -1;

    private final Engine engine;
    private final EngineOptions options;

    /** Serves on {@code engine}, which was built from {@code options}. */
    ServedCommands(Engine engine, EngineOptions options) {
        this.engine = engine;
        this.options = options;
    }

    /** Whether the supervisor runs this command, at least without the caller's terminal or stdin. */
    static boolean isServable(String command) {
        return COMMANDS.contains(command);
    }

    @Override
    public OptionalInt run(ClientCall call) {
        // The global options alone first: a line declined for them gets no report from here, even of a mistake.
        JockerCommand global = new JockerCommand();
        global.runFor(Caller.of(call));
        CommandLine top = new CommandLine(global);
        String name = Subcommands.invokedBy(top, call.args().toArray(String[]::new));
        if (name == null) {
            return OptionalInt.empty();
        }
        if (!isServable(name) || (HASHING.contains(name) && !Digests.isNativeSha256()) || !honours(global)) {
            return OptionalInt.empty();
        }
        int status = Cli.executeOn(engine, call, top, name, parsed -> {
            if (attachesTerminal(parsed)) {
                return DECLINED;
            }
            if (!STOP_WITH_CLIENT.contains(name)) {
                return new CommandLine.RunLast().execute(parsed);
            }
            try (ClientWatch watch = call.watchClient()) {
                return new CommandLine.RunLast().execute(parsed);
            } catch (LinuxException e) {
                throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(),
                        "cannot watch the client: " + e.getMessage(), e);
            }
        });
        return status == DECLINED ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** Whether the command line's own engine and logging are the supervisor's. */
    private boolean honours(JockerCommand jocker) {
        return jocker.defaultLogging() && options.sameEngineAs(jocker.engineOptions());
    }

    private static boolean attachesTerminal(CommandLine.ParseResult parsed) {
        // Usage help attaches nothing, whatever else the line says (and leaves the command's parameters unset).
        return parsed.hasSubcommand() && !parsed.subcommand().isUsageHelpRequested()
                && parsed.subcommand().commandSpec().userObject() instanceof Attaching attaching && attaching.attachesTerminal();
    }
}
