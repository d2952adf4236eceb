package io.jocker.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/** Process calls: waitpid, kill, execve, prctl, close_range, umask, signal masks and dispositions, pidfd. */
public final class Processes {

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int WNOHANG = 1;

    public static final int PR_SET_KEEPCAPS = 8;
    public static final int PR_CAPBSET_DROP = 24;
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    public static final int PR_CAP_AMBIENT = 47;
    public static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;
    public static final int PR_SET_PDEATHSIG = 1;

    public static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    private static final int SIG_SETMASK = 2;
    private static final int SIGSET_BYTES = 128;
    private static final int SIGACTION_BYTES = 152;
    private static final long SIG_IGN = 1;
    private static final int NSIG = 65;
    private static final long SYS_CLOSE_RANGE = 436;
    private static final long SYS_GETTID = 186;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_GETFD = 438;

    private Processes() {}

    /** A raw wait status decoded. */
    public record WaitStatus(int raw) {
        public boolean exited() {
            return (raw & 0x7f) == 0;
        }

        public int exitCode() {
            return (raw >> 8) & 0xff;
        }

        public int termSignal() {
            return raw & 0x7f;
        }
    }

    /**
     * waitpid(2) for exactly {@code pid} (never -1), retried on EINTR; returns empty with
     * {@link #WNOHANG} while the process runs.
     */
    public static Optional<WaitStatus> waitpid(long pid, int options) throws LinuxException {
        if (pid <= 0) {
            throw new IllegalArgumentException("waitpid needs one positive PID, got " + pid);
        }
        int[] status = new int[1];
        while (true) {
            int rc = Bindings.waitpid((int) pid, status, options);
            if (rc > 0) {
                return Optional.of(new WaitStatus(status[0]));
            }
            if (rc == 0) {
                return Optional.empty();
            }
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                throw new LinuxException("waitpid", "pid " + pid, errno);
            }
        }
    }

    private static final int P_PID = 1;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;
    private static final int CLD_EXITED = 1;
    private static final int CLD_DUMPED = 3;

    /**
     * waitid(2) with WNOWAIT for exactly {@code pid}: how the child ended, if it has, leaving it
     * a zombie for {@link #waitpid} to reap. Its PID stays taken meanwhile, so its exit can be
     * recorded before the PID vanishes; empty with {@link #WNOHANG} while it runs.
     */
    public static Optional<WaitStatus> exitWithoutReaping(long pid, int options) throws LinuxException {
        if (pid <= 0) {
            throw new IllegalArgumentException("waitid needs one positive PID, got " + pid);
        }
        // siginfo_t on x86_64: si_code at 8, then for SIGCHLD si_pid at 16 and si_status at 24.
        ByteBuffer info = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());
        while (true) {
            int rc = Bindings.waitid(P_PID, (int) pid, info.array(), WEXITED | WNOWAIT | options);
            if (rc == 0) {
                if (info.getInt(16) == 0) {
                    return Optional.empty();
                }
                int code = info.getInt(8);
                int status = info.getInt(24);
                return Optional.of(new WaitStatus(code == CLD_EXITED ? (status & 0xff) << 8 : status | (code == CLD_DUMPED ? 0x80 : 0)));
            }
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                throw new LinuxException("waitid", "pid " + pid, errno);
            }
        }
    }

    /** kill(2) of one positive PID. */
    public static void kill(long pid, int signal) throws LinuxException {
        if (pid <= 0) {
            throw new IllegalArgumentException("kill needs one positive PID, got " + pid);
        }
        Errno.check(Bindings.kill((int) pid, signal), "kill", "pid " + pid);
    }

    /** kill(2) of a process that may have exited: false when it is gone (ESRCH); any other failure is thrown. */
    public static boolean signalIfAlive(long pid, int signal) throws LinuxException {
        try {
            kill(pid, signal);
            return true;
        } catch (LinuxException e) {
            if (e.errno() != Errno.ESRCH) {
                throw e;
            }
            return false;
        }
    }

    /** Reaps a child that may have been reaped already (ECHILD); any other failure is thrown. */
    public static void reapIfChild(long pid) throws LinuxException {
        try {
            waitpid(pid, 0);
        } catch (LinuxException e) {
            if (e.errno() != Errno.ECHILD) {
                throw e;
            }
        }
    }

    /** SIGKILL to a child that may have exited already, then reaps it unless someone did. */
    public static void killAndReap(long pid) throws LinuxException {
        signalIfAlive(pid, SIGKILL);
        reapIfChild(pid);
    }

    /** execve(2); returns only by throwing. */
    public static void execve(String path, List<String> argv, List<String> env) throws LinuxException {
        Memory args = CStrings.array(argv);
        Memory envp = CStrings.array(env);
        Bindings.execve(CStrings.of(path), args, envp);
        throw new LinuxException("execve", path, Errno.last());
    }

    /** prctl(2). */
    public static int prctl(int option, long arg2, long arg3) throws LinuxException {
        return Errno.check(Bindings.prctl(option, arg2, arg3, 0, 0), "prctl", "option " + option);
    }

    /** close_range(2). */
    public static void closeRange(int first, int last, int flags) throws LinuxException {
        long rc = Bindings.syscall(SYS_CLOSE_RANGE, first, last & 0xffffffffL, flags);
        Errno.check(rc, "close_range", first + ".." + Integer.toUnsignedString(last));
    }

    /** pidfd_open(2): an fd that becomes readable when {@code pid} exits. */
    public static int pidfdOpen(long pid) throws LinuxException {
        long rc = Bindings.syscall(SYS_PIDFD_OPEN, pid, 0, 0);
        return (int) Errno.check(rc, "pidfd_open", "pid " + pid);
    }

    /** pidfd_getfd(2): a copy, in this process, of fd {@code targetFd} of the process {@code pidfd} refers to. */
    public static int pidfdGetfd(int pidfd, int targetFd) throws LinuxException {
        long rc = Bindings.syscall(SYS_PIDFD_GETFD, pidfd, targetFd, 0);
        return (int) Errno.check(rc, "pidfd_getfd", "fd " + targetFd);
    }

    /** gettid(2): the calling thread's id, as in {@code /proc/self/task/TID}. */
    public static long gettid() {
        return Bindings.syscall(SYS_GETTID, 0, 0, 0);
    }

    /** umask(2); returns the previous mask. */
    public static int umask(int mask) {
        return Bindings.umask(mask);
    }

    /** Unblocks every signal of the calling thread. */
    public static void clearSignalMask() throws LinuxException {
        Memory empty = new Memory(SIGSET_BYTES);
        empty.clear();
        Errno.check(Bindings.sigprocmask(SIG_SETMASK, empty, Pointer.NULL), "sigprocmask", null);
    }

    /**
     * Resets every ignored signal to its default disposition. Handled signals need no reset
     * (execve resets them), and touching the JVM's own handlers would break it before execve.
     */
    public static void resetIgnoredSignals() throws LinuxException {
        Memory current = new Memory(SIGACTION_BYTES);
        Memory defaults = new Memory(SIGACTION_BYTES);
        defaults.clear();
        for (int signal = 1; signal < NSIG; signal++) {
            if (signal == SIGKILL || signal == 19) {
                continue;
            }
            current.clear();
            if (Bindings.sigaction(signal, Pointer.NULL, current) != 0) {
                continue;
            }
            if (current.getLong(0) == SIG_IGN) {
                Errno.check(Bindings.sigaction(signal, defaults, Pointer.NULL), "sigaction", "signal " + signal);
            }
        }
    }

    /** _exit(2): ends the process at once, without JVM shutdown. */
    /** prlimit(2): sets a resource limit of {@code pid} (0: this process); -1 is unlimited. */
    public static void prlimit(long pid, int resource, long soft, long hard) throws LinuxException {
        Errno.check(Bindings.prlimit((int) pid, resource, new long[] {soft, hard}, null), "prlimit",
                "resource " + resource + " of pid " + pid);
    }

    public static void exitImmediately(int status) {
        Bindings._exit(status);
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native int waitpid(int pid, int[] status, int options);

        static native int waitid(int idType, int id, byte[] info, int options);

        static native int kill(int pid, int signal);

        static native int execve(byte[] path, Pointer argv, Pointer envp);

        static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        static native int umask(int mask);

        static native int sigprocmask(int how, Pointer set, Pointer old);

        static native int sigaction(int signal, Pointer action, Pointer old);

        static native long syscall(long number, long a, long b, long c);

        static native int prlimit(int pid, int resource, long[] newLimit, long[] oldLimit);

        static native void _exit(int status);
    }
}
