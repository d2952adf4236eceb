package io.jocker.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.base.Version;
import io.jocker.engine.json.Json;
import io.jocker.seccomp.SeccompFilters;
import io.jocker.seccomp.SeccompProfileException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** The global options, and what every subcommand builds from them. */
@Command(name = "jocker-runc", mixinStandardHelpOptions = true, versionProvider = RuncCommand.VersionText.class,
        description = "An OCI runtime (runc's command line) on jocker's isolator and cgroup drivers.",
        subcommands = {CreateCommand.class, StartCommand.class, StateCommand.class, KillCommand.class, DeleteCommand.class,
                RunCommand.class, ListCommand.class, SpecCommand.class, FeaturesCommand.class, PauseCommands.Pause.class,
                PauseCommands.Resume.class, PauseCommands.Ps.class, ExecCommand.class, Unsupported.Checkpoint.class,
                Unsupported.Restore.class})
final class RuncCommand implements Runnable {

    static final Path DEFAULT_ROOT = Path.of("/run/jocker-runc");

    /** Under the root, a name no container id can have: where drivers keep their files. */
    private static final String DRIVER_HOME = "jocker@drivers";

    @Option(names = "--root", description = "where container state is kept (default: ${DEFAULT-VALUE})")
    Path root = DEFAULT_ROOT;

    @Option(names = "--log", description = "append errors (and with --debug, commands) to this file")
    Path log;

    @Option(names = "--log-format", description = "text or json (default: ${DEFAULT-VALUE})")
    String logFormat = "text";

    @Option(names = "--debug", description = "log each command")
    boolean debug;

    @Option(names = "--systemd-cgroup", description = "refused: jocker's cgroup drivers manage cgroupfs directly")
    boolean systemdCgroup;

    private ObjectMapper mapper;
    private OciLog logger;

    @Override
    public void run() {
        throw new ParameterException(new CommandLine(this), "a command is required");
    }

    /** Runs a subcommand's body: errors become a one-line message, a --log entry and exit status 1. */
    int execute(String command, Action action) {
        try {
            logger = log();
        } catch (OciException e) {
            System.err.println("jocker-runc: " + e.getMessage());
            return 1;
        }
        logger.debug(command);
        try {
            if (systemdCgroup) {
                throw new OciException("--systemd-cgroup is not supported: jocker's cgroup drivers write cgroupfs themselves");
            }
            return action.run();
        } catch (OciException | IOException e) {
            logger.error(e.getMessage());
            return 1;
        }
    }

    @FunctionalInterface
    interface Action {
        int run() throws OciException, IOException;
    }

    private OciLog log() throws OciException {
        OciLog.Format format = switch (logFormat) {
            case "text" -> OciLog.Format.TEXT;
            case "json" -> OciLog.Format.JSON;
            default -> throw new OciException("invalid --log-format \"" + logFormat + "\": text or json");
        };
        return new OciLog(log, format, debug, Clock.systemUTC(), lazyMapper());
    }

    ObjectMapper lazyMapper() {
        if (mapper == null) {
            mapper = Json.newMapper();
        }
        return mapper;
    }

    HostProcesses host() {
        return new LinuxHostProcesses();
    }

    ContainerStore store() {
        return new ContainerStore(root, lazyMapper(), host());
    }

    OciRuntime runtime() {
        ObjectMapper json = lazyMapper();
        RuntimeDrivers drivers = new PluginDrivers(pluginDirs(), root.resolve(DRIVER_HOME));
        ConfigMapper configMapper = new ConfigMapper((profile, capabilities) -> {
            try {
                return SeccompFilters.compile(SeccompFilters.parse(json.writeValueAsBytes(profile), json),
                        new LinkedHashSet<>(capabilities));
            } catch (SeccompProfileException | JsonProcessingException e) {
                throw new OciException("linux.seccomp: " + e.getMessage(), e);
            }
        });
        return new OciRuntime(store(), drivers, host(), new BundleReader(json), configMapper, Clock.systemUTC(), json, logger);
    }

    /** The distribution's plugins (the launcher's {@code -Djocker.home}), then {@code JOCKER_PLUGIN_PATH}'s. */
    private static List<Path> pluginDirs() {
        List<Path> dirs = new ArrayList<>();
        String home = System.getProperty("jocker.home");
        if (home != null) {
            dirs.add(Path.of(home, "plugins"));
        }
        String extra = System.getenv("JOCKER_PLUGIN_PATH");
        if (extra != null) {
            for (String dir : extra.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        return dirs;
    }

    static final class VersionText implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jocker-runc version " + Version.get(), "spec: " + OciRuntime.SPEC_VERSION};
        }
    }
}
