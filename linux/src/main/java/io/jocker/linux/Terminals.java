package io.jocker.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** Pseudo-terminals: allocation, controlling terminal, window size and raw mode. */
public final class Terminals {

    public static final long TIOCSCTTY = 0x540E;
    public static final long TIOCGWINSZ = 0x5413;
    public static final long TIOCSWINSZ = 0x5414;
    public static final long TIOCGPTPEER = 0x5441;
    public static final long TIOCGPTN = 0x80045430L;
    private static final int TCSANOW = 0;
    private static final int TERMIOS_BYTES = 64;

    private Terminals() {}

    /** A terminal's size in characters. */
    public record WindowSize(int rows, int columns) {}

    /** A master fd and the path of its slave. */
    public record Pty(int master, String slavePath) {}

    /** Opens a new pseudo-terminal master (close-on-exec, not the controlling terminal) and unlocks its slave. */
    public static Pty openPty() throws LinuxException {
        int master = Errno.check(Bindings.posix_openpt(Fds.O_RDWR | Fds.O_NOCTTY | Fds.O_CLOEXEC), "posix_openpt", null);
        try {
            Errno.check(Bindings.grantpt(master), "grantpt", "fd " + master);
            Errno.check(Bindings.unlockpt(master), "unlockpt", "fd " + master);
            byte[] name = new byte[128];
            int rc = Bindings.ptsname_r(master, name, name.length);
            if (rc != 0) {
                throw new LinuxException("ptsname_r", "fd " + master, rc);
            }
            return new Pty(master, Native.toString(name, "UTF-8"));
        } catch (LinuxException e) {
            Fds.closeQuietly(master);
            throw e;
        }
    }

    /**
     * Opens the {@code ptmx} of a particular devpts instance (for example a container's
     * {@code /dev/pts/ptmx}) and unlocks the new slave; the master is close-on-exec.
     */
    public static int openMaster(String ptmx) throws LinuxException {
        int master = Fds.open(ptmx, Fds.O_RDWR | Fds.O_NOCTTY | Fds.O_CLOEXEC);
        try {
            Errno.check(Bindings.unlockpt(master), "unlockpt", ptmx);
            return master;
        } catch (LinuxException e) {
            Fds.closeQuietly(master);
            throw e;
        }
    }

    /** The number N of the slave {@code /dev/pts/N} of {@code master} in its own devpts instance. */
    public static int slaveNumber(int master) throws LinuxException {
        int[] number = new int[1];
        Errno.check(Bindings.ioctl(master, TIOCGPTN, number), "ioctl TIOCGPTN", "fd " + master);
        return number[0];
    }

    /** Opens the slave of {@code master} without a path lookup (TIOCGPTPEER), so it works in any mount namespace. */
    public static int openPeer(int master, int flags) throws LinuxException {
        return Errno.check(Bindings.ioctl(master, TIOCGPTPEER, flags), "ioctl TIOCGPTPEER", "fd " + master);
    }

    /** Makes {@code fd} the controlling terminal of the calling session leader. */
    public static void setControllingTerminal(int fd) throws LinuxException {
        Fds.ioctl(fd, TIOCSCTTY, 0L, "TIOCSCTTY");
    }

    public static WindowSize windowSize(int fd) throws LinuxException {
        Memory ws = new Memory(8);
        ws.clear();
        Fds.ioctl(fd, TIOCGWINSZ, ws, "TIOCGWINSZ");
        return new WindowSize(ws.getShort(0) & 0xffff, ws.getShort(2) & 0xffff);
    }

    public static void setWindowSize(int fd, WindowSize size) throws LinuxException {
        Memory ws = new Memory(8);
        ws.clear();
        ws.setShort(0, (short) size.rows());
        ws.setShort(2, (short) size.columns());
        Fds.ioctl(fd, TIOCSWINSZ, ws, "TIOCSWINSZ");
    }

    /** The current termios settings of {@code fd}, opaque, to restore later with {@link #restore}. */
    public static byte[] attributes(int fd) throws LinuxException {
        Memory termios = new Memory(TERMIOS_BYTES);
        termios.clear();
        Errno.check(Bindings.tcgetattr(fd, termios), "tcgetattr", "fd " + fd);
        return termios.getByteArray(0, TERMIOS_BYTES);
    }

    /** Restores settings obtained from {@link #attributes}. */
    public static void restore(int fd, byte[] attributes) throws LinuxException {
        Memory termios = new Memory(TERMIOS_BYTES);
        termios.write(0, attributes, 0, TERMIOS_BYTES);
        Errno.check(Bindings.tcsetattr(fd, TCSANOW, termios), "tcsetattr", "fd " + fd);
    }

    /** Puts {@code fd} into raw mode (cfmakeraw) and returns the previous settings. */
    public static byte[] makeRaw(int fd) throws LinuxException {
        byte[] previous = attributes(fd);
        Memory termios = new Memory(TERMIOS_BYTES);
        termios.write(0, previous, 0, TERMIOS_BYTES);
        Bindings.cfmakeraw(termios);
        Errno.check(Bindings.tcsetattr(fd, TCSANOW, termios), "tcsetattr", "fd " + fd);
        return previous;
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native int posix_openpt(int flags);

        static native int grantpt(int fd);

        static native int unlockpt(int fd);

        static native int ptsname_r(int fd, byte[] buffer, long length);

        static native int ioctl(int fd, long request, long argument);

        static native int ioctl(int fd, long request, int[] argument);

        static native int tcgetattr(int fd, Pointer termios);

        static native int tcsetattr(int fd, int action, Pointer termios);

        static native void cfmakeraw(Pointer termios);
    }
}
