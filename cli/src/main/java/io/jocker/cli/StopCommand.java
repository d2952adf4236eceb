package io.jocker.cli;

import io.jocker.engine.Containers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker stop}: SIGTERM, then SIGKILL after the timeout. */
@Command(name = "stop", description = "Stop one or more running containers")
final class StopCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "Signal to send to the container")
    String signal;

    @Option(names = {"-t", "--timeout", "--time"}, paramLabel = "SECONDS",
            description = "Seconds to wait before killing the container")
    Integer seconds;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        Containers lifecycle = jocker.engine().containers();
        return EachContainer.run(spec, containers, reference -> {
            lifecycle.stop(reference, signal, seconds);
            return reference;
        });
    }
}
