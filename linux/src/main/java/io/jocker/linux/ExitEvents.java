package io.jocker.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The kernel's process events connector (netlink, {@code CONFIG_PROC_EVENTS}), listened to for
 * exits only: every process that ends on the host is reported with its wait status, which only a
 * parent can otherwise learn. Root only (CAP_NET_ADMIN), in the initial PID and user namespaces.
 */
public final class ExitEvents implements AutoCloseable {

    private static final int AF_NETLINK = 16;
    private static final int NETLINK_CONNECTOR = 11;
    private static final int CN_IDX_PROC = 1;
    private static final int CN_VAL_PROC = 1;
    private static final int NLMSG_DONE = 3;
    private static final int PROC_CN_MCAST_LISTEN = 1;
    private static final int PROC_EVENT_EXIT = 0x80000000;
    private static final int NLMSG_HEADER = 16;
    private static final int CN_MSG_HEADER = 20;
    /** Where a proc_event's data begins: after what (4), cpu (4) and timestamp_ns (8). */
    private static final int EVENT_DATA = NLMSG_HEADER + CN_MSG_HEADER + 16;
    private static final int ENOBUFS = 105;

    /** A process (thread group) that ended, with the status its parent's waitpid(2) gets. */
    public record Exit(long pid, Processes.WaitStatus status) {}

    private final int fd;
    private final byte[] buffer = new byte[4096];

    private ExitEvents(int fd) {
        this.fd = fd;
    }

    /** Subscribes to exit events; fails where the connector is missing or not allowed. */
    public static ExitEvents listen() throws LinuxException {
        int fd = Fds.socket(AF_NETLINK, Fds.SOCK_DGRAM | Fds.SOCK_CLOEXEC, NETLINK_CONNECTOR);
        try {
            ByteBuffer address = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
            address.putShort((short) AF_NETLINK).putShort((short) 0).putInt(0).putInt(CN_IDX_PROC);
            Fds.bind(fd, address.array());
            Fds.writeFully(fd, subscription(filtersEvents()));
            return new ExitEvents(fd);
        } catch (LinuxException | RuntimeException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * The request to listen: from Linux 6.6 on it names the one event type wanted, so that the
     * kernel sends no fork or exec; earlier kernels ignore a request of that size.
     */
    private static byte[] subscription(boolean onlyExits) {
        int payload = onlyExits ? 8 : 4;
        ByteBuffer message = ByteBuffer.allocate(NLMSG_HEADER + CN_MSG_HEADER + payload).order(ByteOrder.nativeOrder());
        message.putInt(message.capacity()).putShort((short) NLMSG_DONE).putShort((short) 0).putInt(0)
                .putInt((int) ProcessHandle.current().pid());
        message.putInt(CN_IDX_PROC).putInt(CN_VAL_PROC).putInt(0).putInt(0).putShort((short) payload).putShort((short) 0);
        message.putInt(PROC_CN_MCAST_LISTEN);
        if (onlyExits) {
            message.putInt(PROC_EVENT_EXIT);
        }
        return message.array();
    }

    /** Whether the kernel takes a filtered subscription (Linux 6.6 and later). */
    private static boolean filtersEvents() {
        String[] version = System.getProperty("os.version", "0.0").split("[.-]");
        try {
            int major = Integer.parseInt(version[0]);
            int minor = version.length > 1 ? Integer.parseInt(version[1]) : 0;
            return major > 6 || major == 6 && minor >= 6;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The next exit of a thread-group leader (a process's main thread, whose status is the
     * process's), waiting at most {@code timeoutMillis}; empty on timeout, for other events, and
     * when events were lost because this reader fell behind.
     */
    public Optional<Exit> next(int timeoutMillis) throws LinuxException {
        if (Fds.poll(fd, Fds.POLLIN, timeoutMillis) == 0) {
            return Optional.empty();
        }
        int n;
        try {
            n = Fds.read(fd, buffer, buffer.length);
        } catch (LinuxException e) {
            if (e.errno() == ENOBUFS) {
                return Optional.empty();
            }
            throw e;
        }
        if (n < EVENT_DATA + 16) {
            return Optional.empty();
        }
        ByteBuffer event = ByteBuffer.wrap(buffer, 0, n).order(ByteOrder.nativeOrder());
        if (event.getInt(NLMSG_HEADER + CN_MSG_HEADER) != PROC_EVENT_EXIT) {
            return Optional.empty();
        }
        int pid = event.getInt(EVENT_DATA);
        int tgid = event.getInt(EVENT_DATA + 4);
        int exitCode = event.getInt(EVENT_DATA + 8);
        return pid == tgid ? Optional.of(new Exit(pid, new Processes.WaitStatus(exitCode))) : Optional.empty();
    }

    @Override
    public void close() {
        Fds.closeQuietly(fd);
    }
}
