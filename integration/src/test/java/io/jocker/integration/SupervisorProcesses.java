package io.jocker.integration;

import java.nio.file.Path;
import java.util.Optional;

/** Finds the supervisor of a jocker root among the machine's processes. */
final class SupervisorProcesses {

    private SupervisorProcesses() {}

    static Optional<ProcessHandle> of(Path root) {
        String rootArg = root.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(rootArg) && c.endsWith(" supervisor")).orElse(false))
                .findFirst();
    }
}
