package io.jocker.oci;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "delete", description = "Remove a container's cgroup and state (a running one only with --force).")
final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    RuncCommand globals;

    @Option(names = {"-f", "--force"}, description = "kill a running container first")
    boolean force;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        return globals.execute("delete " + id, () -> {
            globals.runtime().delete(id, force);
            return 0;
        });
    }
}
