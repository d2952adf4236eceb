package io.jocker.cli;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * jocker's commands, in the order that help lists them. A served command line gets a model of
 * its own command only: picocli reflects over every command it is given, and the whole model
 * takes longer to build than a served {@code ps} takes to run.
 */
final class Subcommands {

    static final List<Class<?>> ALL = List.of(
            RunCommand.class, ExecCommand.class, AttachCommand.class, TopCommand.class, PsCommand.class,
            RmCommand.class, ImagesCommand.class, ImportCommand.class, TagCommand.class, RmiCommand.class,
            VolumeCommand.class, CommitCommand.class, ExportCommand.class, SaveCommand.class, LoadCommand.class,
            HistoryCommand.class, UpdateCommand.class, StatsCommand.class, PauseCommand.class, UnpauseCommand.class,
            CreateCommand.class, StartCommand.class, StopCommand.class, RestartCommand.class, KillCommand.class,
            WaitCommand.class, LogsCommand.class, InspectCommand.class, RenameCommand.class, SupervisorCommand.class,
            InfoCommand.class, VersionCommand.class, CompletionCommand.class);

    private Subcommands() {}

    /** The command of that name, or null. */
    static Class<?> named(String name) {
        return ByName.MAP.get(name);
    }

    /** Built on first use: only the supervisor looks commands up by name, a client's JVM never does. */
    private static final class ByName {
        static final Map<String, Class<?>> MAP = ALL.stream()
                .collect(Collectors.toUnmodifiableMap(c -> c.getAnnotation(Command.class).name(), Function.identity()));
    }
}
