package io.jocker.cli;

import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.container.InvalidRequestException;
import io.jocker.engine.container.StartedContainer;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Terminals;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.Resources;
import io.jocker.spi.Stdio;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker run}: create a container, run it in the foreground, exit with its status. */
@Command(name = "run", description = "Create and run a new container from an image")
final class RunCommand implements Callable<Integer> {

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
        if (!options.restart.equals("no")) {
            throw new InvalidRequestException("--restart needs -d: only the supervisor of detached containers restarts them");
        }
        ContainerService containers = jocker.engine().service(ContainerService.class);
        ContainerRecord created = containers.create(options.request(Resources.none()));
        int devNull = -1;
        StartedContainer started;
        SignalForwarder signals = options.tty ? null : SignalForwarder.install();
        try {
            Stdio stdio;
            if (options.tty) {
                Optional<Terminals.WindowSize> size = TtyRelay.callerWindowSize();
                stdio = Stdio.terminal(size.map(Terminals.WindowSize::rows).orElse(0),
                        size.map(Terminals.WindowSize::columns).orElse(0));
            } else if (options.interactive) {
                stdio = Stdio.inherit();
            } else {
                devNull = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
                stdio = Stdio.of(devNull, 1, 2);
            }
            started = containers.start(created.id(), stdio);
            if (signals != null) {
                signals.attach(started.process().pid());
            }
        } catch (ContainerStartException e) {
            if (options.autoRemove) {
                containers.remove(created.id(), true);
            }
            spec.commandLine().getErr().println("jocker: Error response from daemon: failed to start container "
                    + created.id().substring(0, 12) + ": " + e.getMessage());
            return e.exitCode();
        } finally {
            if (devNull >= 0) {
                Fds.closeQuietly(devNull);
            }
        }
        int status = waitFor(containers, started);
        if (signals != null) {
            signals.detach();
        }
        return status;
    }

    private int waitFor(ContainerService containers, StartedContainer started) throws InterruptedException, LinuxException {
        ExitStatus status;
        if (started.process().ttyMaster().isPresent()) {
            try (TtyRelay relay = TtyRelay.start(started.process().ttyMaster().getAsInt(), options.interactive)) {
                status = started.process().waitFor();
            }
        } else {
            status = started.process().waitFor();
        }
        containers.finish(started.record().id(), status);
        return status.shellCode();
    }
}
