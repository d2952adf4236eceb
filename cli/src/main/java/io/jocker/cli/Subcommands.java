package io.jocker.cli;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * jocker's commands, in the order that help lists them. A command line gets a model of its own
 * command only: picocli reflects over every command it is given, and the whole model takes
 * longer to build than a served {@code ps} takes to run, and half of a cold one's main thread.
 */
final class Subcommands {

    static final List<Class<?>> ALL = List.of(
            RunCommand.class, PullCommand.class, PushCommand.class, LoginCommand.class, LogoutCommand.class, ExecCommand.class, CpCommand.class, DiffCommand.class, PortCommand.class, AttachCommand.class, TopCommand.class, PsCommand.class,
            RmCommand.class, ImagesCommand.class, ImportCommand.class, TagCommand.class, RmiCommand.class,
            VolumeCommand.class, NetworkCommand.class, CommitCommand.class, ExportCommand.class, SaveCommand.class, LoadCommand.class,
            HistoryCommand.class, UpdateCommand.class, StatsCommand.class, PauseCommand.class, UnpauseCommand.class,
            CreateCommand.class, StartCommand.class, StopCommand.class, RestartCommand.class, KillCommand.class,
            WaitCommand.class, LogsCommand.class, InspectCommand.class, RenameCommand.class, SupervisorCommand.class,
            EventsCommand.class, InfoCommand.class, VersionCommand.class, CompletionCommand.class);

    private Subcommands() {}

    /** The command of that name, or null. */
    static Class<?> named(String name) {
        return ByName.MAP.get(name);
    }

    /** Every command and group, in help's order: the commands, then the groups. */
    static void addAll(CommandLine top) {
        ALL.forEach(top::addSubcommand);
        CommandGroups.ALL.forEach(group -> top.addSubcommand(CommandGroups.commandLine(group, jocker(top))));
    }

    /** The command or group of that name, which must be one; a plain command does not load the groups' classes. */
    static void add(CommandLine top, String name) {
        Class<?> command = named(name);
        if (command != null) {
            top.addSubcommand(command);
        } else {
            top.addSubcommand(CommandGroups.commandLine(CommandGroups.named(name), jocker(top)));
        }
    }

    private static JockerCommand jocker(CommandLine top) {
        return (JockerCommand) top.getCommandSpec().userObject();
    }

    /**
     * The name of the one command or group that {@code args} runs, found from the top-level options alone; null when
     * the whole model is needed: no command, top-level help, {@code help COMMAND} (it is given the
     * whole model to find the command in), {@code completion} (its script names every command), or
     * a name that is no command. {@code top} is a model of the global options alone, which keeps them
     * parsed and can take the command next.
     */
    static String invokedBy(CommandLine top, String... args) {
        // Stopping at the command lets unmatched arguments through too: restored, or the line's mistakes would pass.
        boolean unmatchedAllowed = top.isUnmatchedArgumentsAllowed();
        try {
            top.setStopAtUnmatched(true);
            List<String> rest = top.parseArgs(args).unmatched();
            String name = rest.isEmpty() ? null : rest.get(0);
            boolean known = name != null && (named(name) != null || CommandGroups.named(name) != null);
            return known && named(name) != CompletionCommand.class ? name : null;
        } catch (CommandLine.ParameterException e) {
            return null;
        } finally {
            top.setStopAtUnmatched(false);
            top.setUnmatchedArgumentsAllowed(unmatchedAllowed);
        }
    }

    /** Built on first use. */
    private static final class ByName {
        static final Map<String, Class<?>> MAP = ALL.stream()
                .collect(Collectors.toUnmodifiableMap(c -> c.getAnnotation(Command.class).name(), Function.identity()));
    }
}
