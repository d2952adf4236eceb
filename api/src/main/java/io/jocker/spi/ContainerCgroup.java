package io.jocker.spi;

import java.util.List;

/**
 * One container's cgroup (in every hierarchy the driver uses).
 *
 * <p>Implementers must guarantee that {@link #destroy()} kills nothing it did not have to: it
 * fails while processes remain, unless {@link #killAll()} was called first.
 */
public interface ContainerCgroup {

    /** The cgroup path relative to the hierarchy root, for example {@code /jocker/abc}. */
    String path();

    /** Moves a process into the cgroup. */
    void addProcess(long pid) throws CgroupException;

    /** Changes the limits of a live cgroup; fields that are null stay as they are. */
    void update(Resources resources) throws CgroupException;

    /** Current usage. */
    CgroupStats stats() throws CgroupException;

    /** Freezes every process (pause). Returns once the cgroup is frozen. */
    void freeze() throws CgroupException;

    /** Thaws a frozen cgroup (unpause). */
    void thaw() throws CgroupException;

    /** Whether the cgroup is frozen. */
    boolean isFrozen() throws CgroupException;

    /** Whether the OOM killer killed a process of this cgroup. */
    boolean oomKilled() throws CgroupException;

    /** The PIDs (host namespace) of every process in the cgroup. */
    List<Long> processes() throws CgroupException;

    /** Sends SIGKILL to every process in the cgroup. */
    void killAll() throws CgroupException;

    /** Removes the cgroup directories; absent is not an error. */
    void destroy() throws CgroupException;

    /**
     * The cgroup file systems that show the container its own cgroup at {@code /sys/fs/cgroup}
     * (Docker's view): every hierarchy the container has a cgroup in, and none it has not, whose
     * root in the container's cgroup namespace would be someone else's cgroup. Empty: nothing
     * is mounted there.
     */
    default List<CgroupMount> mounts() {
        return List.of();
    }
}
