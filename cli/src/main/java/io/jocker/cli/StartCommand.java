package io.jocker.cli;

import io.jocker.engine.Containers;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.NoSuchContainerException;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.supervisor.AttachException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jocker start}: runs stopped containers again, detached, on their own writable layers;
 * with {@code -a} or {@code -i}, attached to the caller's terminal as Docker's {@code start -ai}.
 */
@Command(name = "start", description = "Start one or more stopped containers")
final class StartCommand implements Callable<Integer>, Attaching {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN")
    boolean interactive;

    @Option(names = "--detach-keys", paramLabel = "KEYS", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        if (attach || interactive) {
            return startAttached();
        }
        Containers lookup = jocker.engine().containers();
        Containers service = jocker.engine().containers();
        return EachContainer.run(spec, containers, reference -> {
            String id = lookup.find(reference).id();
            ContainerRecord record = service.refresh(id).orElseThrow(() -> new NoSuchContainerException(reference));
            // Starting a running container does nothing, as in Docker; nor does starting one in its
            // restart policy's back-off (Docker counts it as running), which the policy starts soon.
            if (!ContainerService.isRunning(record) && record.state().status() != Status.RESTARTING) {
                Supervisors.starter(jocker).start(id);
            }
            return reference;
        });
    }

    @Override
    public boolean attachesTerminal() {
        return attach || interactive;
    }

    /** Attaches first, then starts, so that no output is missed; a running container is only attached to. */
    private int startAttached() throws Exception {
        DetachKeys keys = DetachKeys.parse(detachKeys);
        PrintWriter err = spec.commandLine().getErr();
        if (containers.size() > 1) {
            Failures.print(err, "you cannot start and attach multiple containers at once");
            return 1;
        }
        ContainerRecord record;
        try {
            record = jocker.engine().containers().find(containers.get(0));
        } catch (NoSuchContainerException e) {
            Failures.print(err, e.getMessage());
            return 1;
        }
        try {
            Integer status = ContainerAttach.attach(jocker, record, new ContainerAttach.Options(
                    interactive && record.config().openStdin(), true, true, keys, false));
            // Detaching ends start -a quietly and successfully, unlike attach.
            return status == null ? 0 : status;
        } catch (AttachException e) {
            return ContainerAttach.report(err, e);
        }
    }
}
