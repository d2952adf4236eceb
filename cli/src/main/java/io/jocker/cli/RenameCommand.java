package io.jocker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jocker rename CONTAINER NEW_NAME}. */
@Command(name = "rename", description = "Rename a container")
final class RenameCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    @Override
    public Integer call() {
        jocker.engine().containers().rename(container, newName);
        return 0;
    }
}
