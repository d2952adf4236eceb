package io.jocker.cli;

import io.jocker.engine.container.CreateRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker create}: a container that does not run yet; prints its full id. */
@Command(name = "create", description = "Create a new container")
final class CreateCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Mixin
    CreateOptions options;

    @Override
    public Integer call() throws Exception {
        CreateRequest request = options.request(jocker.engine().system().host(), spec.commandLine().getErr(), jocker.caller(), false);
        options.pullImage(jocker, spec.commandLine().getErr());
        String id = jocker.engine().containers().create(request).id();
        spec.commandLine().getOut().println(id);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
