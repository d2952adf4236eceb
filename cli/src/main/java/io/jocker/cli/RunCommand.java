package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.container.CreateRequest;
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
        CreateRequest request = options.request(jocker.engine().system().host(), spec.commandLine().getErr(), jocker.caller(), false);
        options.pullImage(jocker, spec.commandLine().getErr());
        try (Attachment attachment = new Attachment(options.tty, options.interactive, jocker.caller())) {
            return jocker.engine().containers().run(request, attachment.stdio(), attachment::waitFor).shellCode();
        } catch (ContainerStartException e) {
            Failures.print(spec.commandLine().getErr(), e.getMessage());
            return e.exitCode();
        }
    }

    @Override
    public boolean attachesTerminal() {
        return !detach && (options.tty || options.interactive);
    }
}
