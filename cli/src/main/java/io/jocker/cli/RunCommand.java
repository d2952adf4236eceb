package io.jocker.cli;

import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.container.CreateRequest;
import io.jocker.engine.container.InvalidRequestException;
import io.jocker.engine.container.StartedContainer;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.Host;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker run}: create a container, run it in the foreground, exit with its status. */
@Command(name = "run", description = "Create and run a new container from an image")
final class RunCommand implements Callable<Integer>, Attaching {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Mixin
    CreateOptions options;

    @picocli.CommandLine.Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    @Override
    public Integer call() throws Exception {
        if (detach) {
            return DetachedRun.run(jocker, spec, options);
        }
        if (options.tty && options.interactive && !CallerTerminal.isTerminal(0)) {
            // Before anything is created, as Docker's client checks.
            Failures.print(spec.commandLine().getErr(), CallerTerminal.NOT_A_TTY);
            return Failures.FAILED;
        }
        if (!options.restart.equals("no")) {
            throw new InvalidRequestException("--restart needs -d: only the supervisor of detached containers restarts them");
        }
        ContainerService containers = jocker.engine().service(ContainerService.class);
        CreateRequest request = options.request(jocker.engine().service(Host.class), spec.commandLine().getErr(), jocker.caller(), false);
        ContainerRecord created = containers.create(request);
        try (Attachment attachment = new Attachment(options.tty, options.interactive, jocker.caller())) {
            StartedContainer started;
            try {
                started = containers.start(created.id(), attachment.stdio());
            } catch (ContainerStartException e) {
                if (options.autoRemove) {
                    containers.remove(created.id(), true, true);
                }
                Failures.print(spec.commandLine().getErr(), "failed to start container "
                        + created.id().substring(0, 12) + ": " + e.getMessage());
                return e.exitCode();
            }
            ExitStatus status = attachment.waitFor(started.process());
            containers.finish(started.record().id(), status);
            return status.shellCode();
        }
    }

    @Override
    public boolean attachesTerminal() {
        return !detach && (options.tty || options.interactive);
    }
}
