package io.jocker.cli;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * jocker's commands, in the order that help lists them. A command line gets a model of its own
 * command only: picocli reflects over every command it is given, and the whole model takes
 * longer to build than a served {@code ps} takes to run, and half of a cold one's main thread.
 */
final class Subcommands {

    static final List<Class<?>> ALL = List.of(
            RunCommand.class, ExecCommand.class, CpCommand.class, DiffCommand.class, PortCommand.class, AttachCommand.class, TopCommand.class, PsCommand.class,
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

    /**
     * The one command that {@code args} runs, found from the top-level options alone; null when
     * the whole model is needed: no command, top-level help, {@code help COMMAND} (it is given the
     * whole model to find the command in), {@code completion} (its script names every command), or
     * a name that is no command.
     */
    static Class<?> invokedBy(String... args) {
        try {
            CommandLine top = new CommandLine(new JockerCommand()).setStopAtUnmatched(true);
            List<String> rest = top.parseArgs(args).unmatched();
            Class<?> command = rest.isEmpty() ? null : named(rest.get(0));
            return command == CompletionCommand.class ? null : command;
        } catch (CommandLine.ParameterException e) {
            return null;
        }
    }

    /** Built on first use. */
    private static final class ByName {
        static final Map<String, Class<?>> MAP = ALL.stream()
                .collect(Collectors.toUnmodifiableMap(c -> c.getAnnotation(Command.class).name(), Function.identity()));
    }
}
