package io.jocker.cli;

import io.jocker.engine.Containers;
import io.jocker.engine.resources.InvalidResourceException;
import io.jocker.spi.Resources;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker update}: changes the limits of containers; the flags are checked once, before any container changes. */
@Command(name = "update", description = "Update configuration of one or more containers")
final class UpdateCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Mixin
    LimitOptions limits;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws InvalidResourceException {
        if (!limits.any()) {
            throw new ParameterException(spec.commandLine(), "you must provide one or more flags when using this command");
        }
        Resources update = limits.parseForUpdate(jocker.engine().system().host(), spec.commandLine().getErr())
                .resources();
        Containers service = jocker.engine().containers();
        return EachContainer.run(spec, containers, reference -> {
            service.update(reference, update);
            return reference;
        });
    }
}
