package io.jocker.cli;

import io.jocker.engine.Containers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker pause}: freezes every process of each container. */
@Command(name = "pause", description = "Pause all processes within one or more containers")
final class PauseCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        Containers service = jocker.engine().containers();
        return EachContainer.run(spec, containers, reference -> {
            service.pause(reference);
            return reference;
        });
    }
}
