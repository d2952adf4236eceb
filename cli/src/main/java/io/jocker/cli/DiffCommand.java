package io.jocker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker diff CONTAINER}: one line per change, {@code A}dded, {@code C}hanged or {@code D}eleted. */
@Command(name = "diff", description = "Inspect changes to files or directories on a container's filesystem")
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
        for (String change : jocker.engine().containers().diff(container)) {
            spec.commandLine().getOut().println(change);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
