package io.jocker.cli;

import io.jocker.engine.Containers;
import io.jocker.spi.ContainerRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker wait}: blocks until the containers stop, then prints their exit codes. */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes")
final class WaitCommand implements Callable<Integer> {

    /** Docker's code for an exit it could not observe. */
    static final int UNKNOWN_EXIT = 255;

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        Containers lifecycle = jocker.engine().containers();
        return EachContainer.run(spec, containers, reference -> {
            ContainerRecord record = lifecycle.await(reference);
            Integer code = record.state().exitCode();
            return Integer.toString(code == null ? UNKNOWN_EXIT : code);
        });
    }
}
