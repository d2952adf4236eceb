package io.jocker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jocker help [COMMAND [SUBCOMMAND]]}: the usage of a command, as {@code COMMAND --help} prints it. */
@Command(name = "help", description = "Show the usage of jocker or of a command")
final class HelpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommand if it has some")
    List<String> topic = new ArrayList<>();

    @Override
    public Integer call() {
        CommandLine command = spec.parent().commandLine();
        for (String name : topic) {
            command = command.getSubcommands().get(name);
            if (command == null) {
                Failures.print(spec.commandLine().getErr(), "unknown help topic: " + String.join(" ", topic));
                return Failures.FAILED;
            }
        }
        command.usage(spec.commandLine().getOut());
        return 0;
    }
}
