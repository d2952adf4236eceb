package io.jocker.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * jocker's commands, in the order that help lists them. A command line gets a model of its own
 * command only: picocli reflects over every command it is given, and the whole model takes
 * longer to build than a served {@code ps} takes to run, and half of a cold one's main thread.
 */
final class Subcommands {

    /** A command and its name, the one its {@code @Command} has (SubcommandsTest checks that they agree). */
    record Entry(String name, Class<?> command) {}

    /**
     * The names are written out rather than read from each command's annotation: parsing every
     * command's annotation to find the one that runs cost a cold command 10 to 15 ms.
     */
    static final List<Entry> ALL = List.of(
            new Entry("run", RunCommand.class), new Entry("pull", PullCommand.class), new Entry("push", PushCommand.class),
            new Entry("login", LoginCommand.class), new Entry("logout", LogoutCommand.class),
            new Entry("exec", ExecCommand.class), new Entry("cp", CpCommand.class), new Entry("diff", DiffCommand.class),
            new Entry("port", PortCommand.class), new Entry("attach", AttachCommand.class), new Entry("top", TopCommand.class),
            new Entry("ps", PsCommand.class), new Entry("rm", RmCommand.class), new Entry("images", ImagesCommand.class),
            new Entry("import", ImportCommand.class), new Entry("tag", TagCommand.class), new Entry("rmi", RmiCommand.class),
            new Entry("volume", VolumeCommand.class), new Entry("network", NetworkCommand.class),
            new Entry("commit", CommitCommand.class), new Entry("export", ExportCommand.class),
            new Entry("save", SaveCommand.class), new Entry("load", LoadCommand.class),
            new Entry("history", HistoryCommand.class), new Entry("update", UpdateCommand.class),
            new Entry("stats", StatsCommand.class), new Entry("pause", PauseCommand.class),
            new Entry("unpause", UnpauseCommand.class), new Entry("create", CreateCommand.class),
            new Entry("start", StartCommand.class), new Entry("stop", StopCommand.class),
            new Entry("restart", RestartCommand.class), new Entry("kill", KillCommand.class),
            new Entry("wait", WaitCommand.class), new Entry("logs", LogsCommand.class),
            new Entry("inspect", InspectCommand.class), new Entry("rename", RenameCommand.class),
            new Entry(SupervisorCommand.NAME, SupervisorCommand.class), new Entry("events", EventsCommand.class),
            new Entry("info", InfoCommand.class), new Entry("version", VersionCommand.class),
            new Entry("completion", CompletionCommand.class));

    private Subcommands() {}

    /** The command of that name, or null. */
    static Class<?> named(String name) {
        for (Entry entry : ALL) {
            if (entry.name().equals(name)) {
                return entry.command();
            }
        }
        return null;
    }

    /** Every command and group, in help's order: the commands, then the groups. */
    static void addAll(CommandLine top) {
        ALL.forEach(entry -> top.addSubcommand(entry.command()));
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
}
