package io.jocker.oci;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = "Create and start a container; in the foreground, wait for it and delete it.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    RuncCommand globals;

    @Mixin
    CreateOptions options;

    @Option(names = {"-d", "--detach"}, description = "return once the container runs")
    boolean detach;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        return globals.execute("run " + id, () -> {
            return globals.runtime().run(id, options.bundle, options.io(), detach, new PidFile(options.pidFile), pid -> SignalForwarder.forwardTo(pid, globals.host()));
        });
    }
}
