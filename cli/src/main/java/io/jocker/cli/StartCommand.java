package io.jocker.cli;

import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerService;
import io.jocker.spi.ContainerRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker start}: runs stopped containers again, detached, on their own writable layers. */
@Command(name = "start", description = "Start one or more stopped containers")
final class StartCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        ContainerLookup lookup = jocker.engine().service(ContainerLookup.class);
        return EachContainer.run(spec, containers, reference -> {
            ContainerRecord record = lookup.find(reference);
            // Starting a running container does nothing, as in Docker.
            if (!ContainerService.isRunning(record)) {
                Supervisors.client(jocker).start(record.id());
            }
            return reference;
        });
    }
}
