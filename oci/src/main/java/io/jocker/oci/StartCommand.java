package io.jocker.oci;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "start", description = "Run the user program of a created container.")
final class StartCommand implements Callable<Integer> {

    @ParentCommand
    RuncCommand globals;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        return globals.execute("start " + id, () -> {
            globals.runtime().start(id);
            return 0;
        });
    }
}
