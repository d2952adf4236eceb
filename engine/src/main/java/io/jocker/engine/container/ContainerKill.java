package io.jocker.engine.container;

import io.jocker.engine.base.EngineException;
import io.jocker.linux.Processes;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import java.io.IOException;
import java.util.Optional;

/** SIGKILL to a container's PID 1 and to every process of its cgroup: how {@code stop}, {@code kill} and {@code rm -f} end a container. */
final class ContainerKill {

    private ContainerKill() {}

    /** Kills what runs of {@code record}: PID 1 may be gone already, the rest of its cgroup is killed still. */
    static void killAll(ContainerRecord record, CgroupDriver cgroups) {
        ContainerState state = record.state();
        try {
            if (ProcessLiveness.isAlive(state.pid(), state.pidStartTime())) {
                Processes.signalIfAlive(state.pid(), Processes.SIGKILL);
            }
            Optional<ContainerCgroup> cgroup = cgroups.open(record.id());
            if (cgroup.isPresent()) {
                cgroup.get().killAll();
            }
        } catch (IOException | CgroupException e) {
            throw new EngineException("cannot kill container " + record.id() + ": " + e.getMessage(), e);
        }
    }
}
