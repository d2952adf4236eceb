package io.jocker.spi;

import java.util.Optional;

/**
 * Starts processes in isolation: a container's first process in new namespaces on a prepared
 * root file system, or a further process inside a running container's namespaces.
 *
 * <p>Implementers must guarantee: the user command never runs before {@link Placement#place}
 * returned for its PID; a failure at any step before the user command runs leaves no process
 * behind and surfaces as an {@link IsolationException}; a command that cannot be executed
 * surfaces as a {@link CommandInvocationException}; no file descriptor of the caller reaches the
 * process except the three given in {@link Stdio} and a container's {@link ContainerSpec#preservedFds()}.
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
     * Opens what a long-lived caller (the supervisor), in which more containers will start, lets
     * the isolator keep ready ahead of them: for example the next container's init, started
     * before it is asked for. What it keeps ready must not change what {@link #start} does, only
     * how soon. The caller closes the handle when it stops starting containers, which releases
     * everything (processes included). Empty when the isolator keeps nothing ready: the default.
     *
     * @since SPI 1.1, which replaced 1.0's {@code prepareAhead()} and {@code stopPreparing()}
     */
    default Optional<Spares> openSpares() {
        return Optional.empty();
    }

    /** What {@link #openSpares()} keeps ready, until closed. Closing it again does nothing. */
    interface Spares extends AutoCloseable {
        @Override
        void close();
    }

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
