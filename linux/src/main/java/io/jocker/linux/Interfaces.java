package io.jocker.linux;

import com.sun.jna.Memory;

/** Network interface flags through the classic ioctls, in the calling thread's network namespace. */
public final class Interfaces {

    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final int IFREQ_BYTES = 40;
    private static final int IFNAMSIZ = 16;
    private static final int FLAGS_OFFSET = 16;
    private static final short IFF_UP = 1;

    private Interfaces() {}

    /** Brings {@code name} (for example {@code lo}) up. */
    public static void up(String name) throws LinuxException {
        byte[] cName = CStrings.of(name);
        if (cName.length > IFNAMSIZ) {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        Memory request = new Memory(IFREQ_BYTES);
        request.clear();
        request.write(0, cName, 0, cName.length);
        int socket = Fds.socket(Fds.AF_INET, Fds.SOCK_DGRAM | Fds.SOCK_CLOEXEC);
        try {
            Fds.ioctl(socket, SIOCGIFFLAGS, request, "SIOCGIFFLAGS " + name);
            request.setShort(FLAGS_OFFSET, (short) (request.getShort(FLAGS_OFFSET) | IFF_UP));
            Fds.ioctl(socket, SIOCSIFFLAGS, request, "SIOCSIFFLAGS " + name);
        } finally {
            Fds.closeQuietly(socket);
        }
    }

    /** Whether {@code name} is up. */
    public static boolean isUp(String name) throws LinuxException {
        byte[] cName = CStrings.of(name);
        Memory request = new Memory(IFREQ_BYTES);
        request.clear();
        request.write(0, cName, 0, Math.min(cName.length, IFNAMSIZ));
        int socket = Fds.socket(Fds.AF_INET, Fds.SOCK_DGRAM | Fds.SOCK_CLOEXEC);
        try {
            Fds.ioctl(socket, SIOCGIFFLAGS, request, "SIOCGIFFLAGS " + name);
            return (request.getShort(FLAGS_OFFSET) & IFF_UP) != 0;
        } finally {
            Fds.closeQuietly(socket);
        }
    }
}
