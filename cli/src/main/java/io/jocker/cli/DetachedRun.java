package io.jocker.cli;

import io.jocker.engine.resources.InvalidResourceException;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.Host;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run -d}: create, have the supervisor start it, print the full id once it runs. */
final class DetachedRun {

    private DetachedRun() {}

    static int run(JockerCommand jocker, CommandSpec spec, CreateOptions options) throws InvalidResourceException {
        ContainerService containers = jocker.engine().service(ContainerService.class);
        ContainerRecord created = containers.create(options.request(jocker.engine().service(Host.class), spec.commandLine().getErr(), jocker.caller(), true));
        try {
            Supervisors.starter(jocker).start(created.id());
        } catch (ContainerStartException e) {
            if (options.autoRemove) {
                containers.remove(created.id(), true);
            }
            Failures.print(spec.commandLine().getErr(), "failed to start container "
                    + created.id().substring(0, 12) + ": " + e.getMessage());
            return e.exitCode();
        }
        spec.commandLine().getOut().println(created.id());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
