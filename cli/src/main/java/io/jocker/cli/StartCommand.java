package io.jocker.cli;

import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.NoSuchContainerException;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
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
        ContainerService service = jocker.engine().service(ContainerService.class);
        return EachContainer.run(spec, containers, reference -> {
            String id = lookup.find(reference).id();
            ContainerRecord record = service.refresh(id).orElseThrow(() -> new NoSuchContainerException(reference));
            // Starting a running container does nothing, as in Docker; nor does starting one in its
            // restart policy's back-off (Docker counts it as running), which the policy starts soon.
            if (!ContainerService.isRunning(record) && record.state().status() != Status.RESTARTING) {
                Supervisors.client(jocker).start(id);
            }
            return reference;
        });
    }
}
