package io.jocker.integration;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds the supervisor of a jocker root among the machine's processes. */
final class SupervisorProcesses {

    private SupervisorProcesses() {}

    static Optional<ProcessHandle> of(Path root) {
        String rootArg = root.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(rootArg) && c.endsWith(" supervisor")).orElse(false))
                .findFirst();
    }

    /** Ends the root's supervisor, if one runs, as {@code kill} does, and waits until it has exited. */
    static void stop(Path root) throws Exception {
        Optional<ProcessHandle> supervisor = of(root);
        if (supervisor.isPresent()) {
            supervisor.get().destroy();
            supervisor.get().onExit().get(20, TimeUnit.SECONDS);
        }
    }
}
