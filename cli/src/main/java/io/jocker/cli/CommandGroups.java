package io.jocker.cli;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * Docker's management commands: {@code container}, {@code image} and {@code system} hold the
 * same commands as the top level, under Docker's names and aliases ({@code container ls} is
 * {@code ps}, {@code image rm} is {@code rmi}), and the prune and disk usage commands.
 * ({@code volume} is a command of its own, {@link VolumeCommand}.)
 */
final class CommandGroups {

    /** A command in a group: its name there, its class and its other names. */
    record Member(String name, Class<?> command, List<String> aliases) {
        static Member of(String name, Class<?> command, String... aliases) {
            return new Member(name, command, List.of(aliases));
        }
    }

    record Group(String name, String description, List<Member> members) {}

    static final List<Group> ALL = List.of(
            new Group("container", "Manage containers", List.of(
                    Member.of("attach", AttachCommand.class),
                    Member.of("commit", CommitCommand.class),
                    Member.of("cp", CpCommand.class),
                    Member.of("create", CreateCommand.class),
                    Member.of("diff", DiffCommand.class),
                    Member.of("exec", ExecCommand.class),
                    Member.of("export", ExportCommand.class),
                    Member.of("inspect", InspectCommand.class),
                    Member.of("kill", KillCommand.class),
                    Member.of("logs", LogsCommand.class),
                    Member.of("ls", PsCommand.class, "ps", "list"),
                    Member.of("pause", PauseCommand.class),
                    Member.of("port", PortCommand.class),
                    Member.of("prune", ContainerPruneCommand.class),
                    Member.of("rename", RenameCommand.class),
                    Member.of("restart", RestartCommand.class),
                    Member.of("rm", RmCommand.class, "remove"),
                    Member.of("run", RunCommand.class),
                    Member.of("start", StartCommand.class),
                    Member.of("stats", StatsCommand.class),
                    Member.of("stop", StopCommand.class),
                    Member.of("top", TopCommand.class),
                    Member.of("unpause", UnpauseCommand.class),
                    Member.of("update", UpdateCommand.class),
                    Member.of("wait", WaitCommand.class))),
            new Group("image", "Manage images", List.of(
                    Member.of("history", HistoryCommand.class),
                    Member.of("import", ImportCommand.class),
                    Member.of("inspect", InspectCommand.class),
                    Member.of("load", LoadCommand.class),
                    Member.of("ls", ImagesCommand.class, "list"),
                    Member.of("prune", ImagePruneCommand.class),
                    Member.of("pull", PullCommand.class),
                    Member.of("push", PushCommand.class),
                    Member.of("rm", RmiCommand.class, "remove"),
                    Member.of("save", SaveCommand.class),
                    Member.of("tag", TagCommand.class))),
            new Group("system", "Manage jocker", List.of(
                    Member.of("df", SystemDfCommand.class),
                    Member.of("events", EventsCommand.class),
                    Member.of("info", InfoCommand.class),
                    Member.of("prune", SystemPruneCommand.class))));

    private CommandGroups() {}

    /** The group of that name, or null. */
    static Group named(String name) {
        return ByName.MAP.get(name);
    }

    /**
     * The group's command line. Its user object is the top-level command's, so that its members'
     * {@code @ParentCommand JockerCommand} is the one with the global options, as at the top level.
     */
    static CommandLine commandLine(Group group, JockerCommand jocker) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(jocker);
        spec.name(group.name());
        spec.usageMessage().description(group.description())
                .footer("%nRun 'jocker " + group.name() + " COMMAND --help' for more information on a command.");
        CommandLine line = new CommandLine(spec);
        for (Member member : group.members()) {
            CommandLine command = new CommandLine(member.command());
            // Its name in the group, in its usage too: "Usage: jocker image ls", not "images".
            command.getCommandSpec().name(member.name()).aliases(member.aliases().toArray(String[]::new));
            line.addSubcommand(command);
        }
        return line;
    }

    /** Whether {@code spec} is a group's: a group run without a command prints its usage, as Docker's do. */
    static boolean isGroup(CommandSpec spec) {
        return spec.parent() != null && spec.userObject() == spec.root().userObject();
    }

    /** Built on first use. */
    private static final class ByName {
        static final Map<String, Group> MAP = ALL.stream().collect(Collectors.toUnmodifiableMap(Group::name, Function.identity()));
    }
}
