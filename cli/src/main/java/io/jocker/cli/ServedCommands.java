package io.jocker.cli;

import io.jocker.engine.Engine;
import io.jocker.engine.EngineConfig;
import io.jocker.engine.image.Digests;
import io.jocker.engine.supervisor.CliHandler;
import io.jocker.engine.supervisor.ClientCall;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * The command lines a running supervisor runs for the launcher's fast path (see
 * {@code bin/jocker}), for this supervisor's root: every command in {@link #COMMANDS} unless it
 * needs the caller's terminal or stdin ({@code run -i}, {@code exec -t}, {@code start -a},
 * {@code import -}, {@code load} without {@code -i}), which the supervisor does not have. Anything
 * else is run by the client's own JVM.
 */
final class ServedCommands implements CliHandler {

    static final Set<String> COMMANDS = Set.of("ps", "logs", "rm", "inspect", "wait", "stop", "kill",
            "restart", "rename", "pause", "unpause", "top", "images", "info", "create", "commit", "run", "exec",
            "start", "import", "load", "save", "export");
    /** Where the command's name is in a served command line: the launcher puts {@code --root DIR} first. */
    static final int COMMAND_INDEX = 2;
    /**
     * Commands that hash whole layers: the supervisor runs on C1 alone, where the JDK's SHA-256 is
     * about ten times slower than with C2, so it serves them only with OpenSSL's.
     */
    private static final Set<String> HASHING = Set.of("import", "load");
    /** Image files in and out: all or nothing, they leave nothing behind when interrupted. */
    private static final Set<String> STOP_WITH_CLIENT = Set.of("import", "load", "save", "export");

    private final Engine engine;

    ServedCommands(Engine engine) {
        this.engine = engine;
    }

    /** Whether the supervisor runs this command, at least without the caller's terminal or stdin. */
    static boolean isServable(String command) {
        return COMMANDS.contains(command);
    }

    @Override
    public boolean serves(List<String> args) {
        if (args.size() <= COMMAND_INDEX || !args.get(0).equals("--root") || !isThisRoot(args.get(1))) {
            return false;
        }
        String command = args.get(COMMAND_INDEX);
        return isServable(command) && (!HASHING.contains(command) || Digests.isNativeSha256()) && !attachesTerminal(args);
    }

    @Override
    public boolean stopsWithItsClient(List<String> args) {
        return args.size() > COMMAND_INDEX && STOP_WITH_CLIENT.contains(args.get(COMMAND_INDEX));
    }

    @Override
    public int run(ClientCall call) {
        return Cli.executeOn(engine, call);
    }

    private boolean isThisRoot(String root) {
        try {
            return Path.of(root).toRealPath().equals(engine.service(EngineConfig.class).root().toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean attachesTerminal(List<String> args) {
        Class<?> command = Subcommands.named(args.get(COMMAND_INDEX));
        // Parsing costs about 1.3 ms of every served command (C1, warm): only the commands that can attach need it.
        if (!Attaching.class.isAssignableFrom(command)) {
            return false;
        }
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
        try {
            CommandLine.ParseResult parsed = Cli.commandLine(discard, discard, command)
                    .parseArgs(args.toArray(String[]::new));
            // Usage help attaches nothing, whatever else the line says (and leaves the command's parameters unset).
            return !parsed.subcommand().isUsageHelpRequested()
                    && parsed.subcommand().commandSpec().userObject() instanceof Attaching attaching && attaching.attachesTerminal();
        } catch (CommandLine.ParameterException e) {
            // The command itself reports the mistake, the same way wherever it runs.
            return false;
        }
    }
}
