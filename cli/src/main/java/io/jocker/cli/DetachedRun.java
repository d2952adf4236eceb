package io.jocker.cli;

import io.jocker.engine.container.CreateRequest;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.resources.InvalidResourceException;
import io.jocker.spi.ContainerRecord;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run -d}: create, have the supervisor start it, print the full id once it runs. */
final class DetachedRun {

    private DetachedRun() {}

    static int run(JockerCommand jocker, CommandSpec spec, CreateOptions options) throws InvalidResourceException {
        ContainerRecord created;
        CreateRequest request = options.request(jocker.engine().system().host(), spec.commandLine().getErr(), jocker.caller(), true);
        options.pullImage(jocker, spec.commandLine().getErr());
        try {
            created = jocker.engine().containers().runDetached(request, Supervisors.starter(jocker));
        } catch (ContainerStartException e) {
            Failures.print(spec.commandLine().getErr(), e.getMessage());
            return e.exitCode();
        }
        spec.commandLine().getOut().println(created.id());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
