package io.jocker.spi;

/**
 * Starts processes in isolation: a container's first process in new namespaces on a prepared
 * root file system, or a further process inside a running container's namespaces.
 *
 * <p>Implementers must guarantee: the user command never runs before {@link Placement#place}
 * returned for its PID; a failure at any step before the user command runs leaves no process
 * behind and surfaces as an {@link IsolationException}; a command that cannot be executed
 * surfaces as a {@link CommandInvocationException}; no file descriptor of the caller reaches the
 * process except the three given in {@link Stdio}.
 */
public interface Isolator {

    /** The isolator's name, as its factory reports it. */
    String name();

    /** Starts a container's init process (PID 1 of its new PID namespace). */
    ContainerProcess start(ContainerSpec spec, Placement placement) throws IsolationException;

    /**
     * Starts {@code process} inside the namespaces of the running container whose PID 1 has host
     * PID {@code containerPid}. A partial join never runs the command.
     */
    ContainerProcess exec(long containerPid, ExecSpec spec, Placement placement) throws IsolationException;

    /**
     * A hint from a long-lived engine (the supervisor): more containers will start in this
     * process, so the isolator may prepare ahead, for example start the next container's init
     * before it is asked for. Whatever it prepares must not change what {@link #start} does,
     * only how soon; and it must be released by {@link #stopPreparing()}. The default prepares
     * nothing.
     */
    default void prepareAhead() {}

    /** Ends {@link #prepareAhead()} and releases what it prepared (processes included). */
    default void stopPreparing() {}

    /** Called with the host PID of a new process before the user command runs, to place it in cgroups. */
    @FunctionalInterface
    interface Placement {
        void place(long pid) throws Exception;

        /** A placement that does nothing. */
        static Placement none() {
            return pid -> {};
        }
    }
}
