package io.jocker.supervisor;

import io.jocker.linux.LinuxException;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Processes;
import io.jocker.linux.Spawn;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ExitStatus;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/** A shell script this JVM spawned (posix_spawn: the JDK's reaper does not wait for it), as the SPI sees a container's process. */
record ChildProcess(long pid, long startTime) implements ContainerProcess {

    /** Spawns {@code sh -c SCRIPT} with these descriptors as its stdin, stdout and stderr (-1: none). */
    static ChildProcess spawn(String script, int stdin, int stdout, int stderr) throws LinuxException, IOException {
        Spawn.FileActions actions = new Spawn.FileActions();
        try (actions; Spawn.Attributes attributes = new Spawn.Attributes()) {
            int[] fds = {stdin, stdout, stderr};
            for (int target = 0; target < 3; target++) {
                if (fds[target] >= 0) {
                    actions.dup2(fds[target], target);
                }
            }
            actions.closeFrom(3);
            long pid = Spawn.spawn("/bin/sh", List.of("sh", "-c", script), List.of("PATH=/usr/bin:/bin"), actions, attributes);
            return new ChildProcess(pid, ProcStat.startTime(pid).orElseThrow());
        }
    }

    @Override
    public OptionalInt ttyMaster() {
        return OptionalInt.empty();
    }

    @Override
    public ExitStatus waitFor() {
        try {
            Processes.WaitStatus raw = Processes.waitpid(pid, 0).orElseThrow();
            return raw.exited() ? ExitStatus.exited(raw.exitCode()) : ExitStatus.killed(raw.termSignal());
        } catch (LinuxException e) {
            throw new IllegalStateException("cannot wait for " + pid + ": " + e.getMessage(), e);
        }
    }
}
