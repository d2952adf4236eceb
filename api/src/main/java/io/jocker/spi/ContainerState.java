package io.jocker.spi;

import java.time.Instant;

/**
 * A container's run state, in the shape of Docker's {@code State}.
 *
 * @param status the lifecycle status
 * @param pid the host PID of the container's PID 1 while it runs, else 0
 * @param pidStartTime the start time of {@code pid} (field 22 of {@code /proc/PID/stat}), to
 *     detect a reused PID
 * @param exitCode the exit status once exited; null while running or when it is unknown
 * @param oomKilled the OOM killer killed a process of the container
 * @param startedAt when it last started, or null
 * @param finishedAt when it last exited, or null
 * @param error why it failed or why its exit is unknown, empty otherwise
 */
public record ContainerState(
        Status status,
        long pid,
        long pidStartTime,
        Integer exitCode,
        boolean oomKilled,
        Instant startedAt,
        Instant finishedAt,
        String error) {

    public static ContainerState created() {
        return new ContainerState(Status.CREATED, 0, 0, null, false, null, null, "");
    }

    public ContainerState running(long newPid, long newPidStartTime, Instant at) {
        return new ContainerState(Status.RUNNING, newPid, newPidStartTime, null, false, at, null, "");
    }

    public ContainerState exited(Integer code, boolean oom, Instant at, String why) {
        return new ContainerState(Status.EXITED, 0, 0, code, oom, startedAt, at, why);
    }

    public ContainerState withStatus(Status newStatus) {
        return new ContainerState(newStatus, pid, pidStartTime, exitCode, oomKilled, startedAt, finishedAt, error);
    }

    /** Docker's lifecycle states; {@link #toString()} gives Docker's lower-case word. */
    public enum Status {
        CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
