package io.jocker.cli;

import io.jocker.engine.Engine;
import io.jocker.engine.EngineConfig;
import io.jocker.engine.supervisor.CliHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The command lines a running supervisor runs for the launcher's fast path (see
 * {@code bin/jocker}): short commands that need no terminal, no standard input and no file of
 * the client's, for this supervisor's root. Anything else is run by the client's own JVM.
 */
final class ServedCommands implements CliHandler {

    static final Set<String> COMMANDS = Set.of("ps", "logs", "rm", "inspect", "wait", "stop", "kill", "start",
            "restart", "rename", "pause", "unpause", "top", "images", "info");

    private final Engine engine;

    ServedCommands(Engine engine) {
        this.engine = engine;
    }

    @Override
    public boolean serves(List<String> args) {
        return args.size() >= 3 && args.get(0).equals("--root") && isThisRoot(args.get(1)) && COMMANDS.contains(args.get(2));
    }

    private boolean isThisRoot(String root) {
        try {
            return Path.of(root).toRealPath().equals(engine.service(EngineConfig.class).root().toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public int run(List<String> args, OutputStream out, OutputStream err) {
        return Cli.executeOn(engine, args, out, err);
    }
}
