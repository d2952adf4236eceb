package io.jocker.cli;

import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.NoSuchContainerException;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.supervisor.AttachException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jocker attach}: the caller's terminal to a running detached container, until it exits
 * (with its status) or the user detaches with the detach keys (status 1 and "read escape
 * sequence", as in Docker).
 */
@Command(name = "attach", description = "Attach local standard input, output, and error streams to a running container")
final class AttachCommand implements Callable<Integer>, Attaching {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = "--detach-keys", paramLabel = "KEYS", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Option(names = "--no-stdin", description = "Do not attach STDIN")
    boolean noStdin;

    @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "BOOL",
            description = "Proxy all received signals to the process (default true)")
    boolean sigProxy;

    @Parameters(paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() throws Exception {
        DetachKeys keys = DetachKeys.parse(detachKeys);
        PrintWriter err = spec.commandLine().getErr();
        ContainerRecord record;
        try {
            record = jocker.engine().containers().find(container);
        } catch (NoSuchContainerException e) {
            Failures.print(err, e.getMessage());
            return 1;
        }
        String refusal = refusal(record);
        if (refusal != null) {
            Failures.print(err, refusal);
            return 1;
        }
        try {
            Integer status = ContainerAttach.attach(jocker, record, new ContainerAttach.Options(
                    !noStdin && record.config().openStdin(), false, sigProxy, keys, true));
            if (status == null) {
                err.println("read escape sequence");
                return 1;
            }
            return status;
        } catch (AttachException e) {
            return ContainerAttach.report(err, e);
        }
    }

    @Override
    public boolean attachesTerminal() {
        return true;
    }

    /** Docker's client-side checks, in its words; null when the attach may go ahead. */
    private String refusal(ContainerRecord record) {
        if (!ContainerService.isRunning(record)) {
            return "You cannot attach to a stopped container, start it first";
        }
        if (record.state().status() == Status.PAUSED) {
            return "You cannot attach to a paused container, unpause it first";
        }
        // A terminal's keys only work from a terminal; piped input needs --no-stdin.
        if (record.config().tty() && !noStdin && !CallerTerminal.isTerminal(0)) {
            return CallerTerminal.NOT_A_TTY;
        }
        return null;
    }
}
