package io.jocker.oci;

import java.nio.file.Path;

/** The kernel as the runtime's commands see it: processes they did not start, and start gates. */
interface HostProcesses {

    /** Whether {@code pid} still is the process that started at {@code startTime}, and not a zombie. */
    boolean alive(long pid, long startTime);

    /** Sends {@code signal}; a process already gone is not an error. */
    void signal(long pid, int signal) throws OciException;

    /** Waits until {@code pid} has exited (a zombie counts), at most {@code timeoutMillis}; whether it has. */
    boolean awaitExit(long pid, long startTime, long timeoutMillis) throws OciException;

    /** Creates the FIFO a container's init waits on (owner-only). */
    void createGate(Path gate) throws OciException;

    /** Writes the byte that starts the init waiting on {@code gate}; false when nobody waits there any more. */
    boolean openGate(Path gate) throws OciException;

    /** Whether {@code fd} is open in this process. */
    boolean isOpen(int fd);

    /** Connects to the caller's {@code --console-socket}, before anything is created. */
    ConsoleSocket connectConsole(Path socket) throws OciException;

    /** A connection to a console socket, which takes one pty master. */
    interface ConsoleSocket extends AutoCloseable {

        /** Sends {@code master} (as runc does: SCM_RIGHTS, the name {@code /dev/ptmx} beside it), then closes this process's copy. */
        void handOver(int master) throws OciException;

        @Override
        void close();
    }
}
