package io.jocker.cli;

import io.jocker.engine.container.LifecycleService;
import java.time.Duration;
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

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for stop before killing it (default ${DEFAULT-VALUE})")
    int seconds;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        if (seconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "invalid value for -t: " + seconds + " (must be 0 or more)");
        }
        LifecycleService lifecycle = jocker.engine().service(LifecycleService.class);
        return EachContainer.run(spec, containers, reference -> {
            lifecycle.stop(reference, Duration.ofSeconds(seconds));
            return reference;
        });
    }
}
