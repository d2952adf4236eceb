package io.jocker.cli;

import io.jocker.engine.Containers;
import io.jocker.engine.container.Signals;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker kill}: sends a signal (SIGKILL by default) to the containers' PID 1. */
@Command(name = "kill", description = "Kill one or more running containers")
final class KillCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "KILL",
            description = "Signal to send to the container (default ${DEFAULT-VALUE})")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        int number = Signals.parse(signal);
        Containers lifecycle = jocker.engine().containers();
        return EachContainer.run(spec, containers, reference -> {
            lifecycle.kill(reference, number);
            return reference;
        });
    }
}
