package io.jocker.cli;

import io.jocker.engine.Engine;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command: global options, and the engine built from them on first use. Its subcommands are in {@link Subcommands}. */
@Command(name = "jocker", mixinStandardHelpOptions = false, usageHelpAutoWidth = true,
        description = "A daemonless, Docker-compatible container engine.",
        footer = "%nRun 'jocker COMMAND --help' for more information on a command.")
public final class JockerCommand implements Runnable {

    // No defaults here: what an option leaves out comes from the caller's environment (EngineOptions).
    @Option(names = "--root", paramLabel = "DIR",
            description = "Root of jocker's state (env " + EngineOptions.ROOT_ENV + "; default /var/lib/jocker)")
    Path root;

    @Option(names = {"-s", "--storage-driver"}, paramLabel = "NAME",
            description = "Storage driver for new containers (env " + EngineOptions.STORAGE_DRIVER_ENV + "; default auto)")
    String storageDriver;

    @Option(names = "--cgroup-driver", paramLabel = "NAME",
            description = "Cgroup driver for new containers (env " + EngineOptions.CGROUP_DRIVER_ENV + "; default auto)")
    String cgroupDriver;

    @Option(names = {"-l", "--log-level"}, paramLabel = "LEVEL", description = "Log level: debug, info, warn, error, fatal (default ${DEFAULT-VALUE})",
            defaultValue = "warn")
    void logLevel(String level) {
        try {
            logLevel = LogLevels.parse(level);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--log-level': " + e.getMessage());
        }
    }

    @Option(names = {"-D", "--debug"}, description = "Enable debug output (stack traces)")
    void debug(boolean value) {
        debug = value;
    }

    private boolean debug;
    private Level logLevel = Level.WARNING;
    private Engine engine;
    private Caller caller = Caller.thisProcess();
    private OutputStream rawOut = new FileOutputStream(FileDescriptor.out);
    private OutputStream rawErr = new FileOutputStream(FileDescriptor.err);

    @Spec
    CommandSpec spec;

    /** Without a command, the usage, on stderr, as Docker's client prints it. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    boolean debug() {
        return debug;
    }

    /** Whether logging stays as it is by default: only the process's own logging can change, not a served command's. */
    boolean defaultLogging() {
        return !debug && logLevel.equals(Level.WARNING);
    }

    /** Applies --log-level and --debug once both are parsed, whatever their order. */
    void applyLogging() {
        LogLevels.apply(debug ? Level.FINE : logLevel);
    }

    /** Runs for another process (the fast path's client): its environment and working directory count. */
    void runFor(Caller remote) {
        caller = remote;
    }

    /** Runs on an engine built elsewhere (the supervisor's, for the fast path), for another process. */
    void useEngine(Engine prebuilt, Caller remote, OutputStream out, OutputStream err) {
        engine = prebuilt;
        caller = remote;
        rawOut = out;
        rawErr = err;
    }

    /** The process this command runs for. */
    Caller caller() {
        return caller;
    }

    /** Standard output as bytes, for commands that copy a container's bytes unchanged. */
    OutputStream rawOut() {
        return rawOut;
    }

    OutputStream rawErr() {
        return rawErr;
    }

    /** The engine that the global options and the caller's environment ask for. */
    EngineOptions engineOptions() {
        return EngineOptions.of(root, storageDriver, cgroupDriver, caller);
    }

    /** The engine configured by the global options, built on first use. */
    Engine engine() {
        if (engine == null) {
            engine = engineOptions().build();
        }
        return engine;
    }

}
