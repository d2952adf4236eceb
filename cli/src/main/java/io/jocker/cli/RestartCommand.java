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

/** {@code jocker restart}: stop (as {@code stop -t}), then start detached. */
@Command(name = "restart", description = "Restart one or more containers")
final class RestartCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for stop before killing the container (default ${DEFAULT-VALUE})")
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
            String id = lifecycle.stop(reference, Duration.ofSeconds(seconds)).id();
            Supervisors.starter(jocker).start(id);
            return reference;
        });
    }
}
