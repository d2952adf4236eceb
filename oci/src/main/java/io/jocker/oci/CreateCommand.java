package io.jocker.oci;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "create", description = "Create a container: its init set up, waiting for start.")
final class CreateCommand implements Callable<Integer> {

    @ParentCommand
    RuncCommand globals;

    @Mixin
    CreateOptions options;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        return globals.execute("create " + id, () -> {
            OciRuntime runtime = globals.runtime();
            OciRuntime.Created created = runtime.create(id, options.bundle, options.io());
            try {
                new PidFile(options.pidFile).write(created.state().pid());
            } catch (OciException e) {
                runtime.delete(id, true);
                throw e;
            }
            return 0;
        });
    }
}
