package io.jocker.linux;

import com.sun.jna.Native;
import java.util.Map;

/** Errno values jocker reacts to, their symbolic names and the system's descriptions. */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int ETXTBSY = 26;
    public static final int EROFS = 30;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(ESRCH, "ESRCH"),
            Map.entry(EINTR, "EINTR"), Map.entry(5, "EIO"), Map.entry(ENXIO, "ENXIO"), Map.entry(7, "E2BIG"),
            Map.entry(ENOEXEC, "ENOEXEC"), Map.entry(EBADF, "EBADF"), Map.entry(ECHILD, "ECHILD"),
            Map.entry(EAGAIN, "EAGAIN"), Map.entry(ENOMEM, "ENOMEM"), Map.entry(EACCES, "EACCES"),
            Map.entry(14, "EFAULT"), Map.entry(15, "ENOTBLK"), Map.entry(EBUSY, "EBUSY"),
            Map.entry(EEXIST, "EEXIST"), Map.entry(18, "EXDEV"), Map.entry(19, "ENODEV"),
            Map.entry(ENOTDIR, "ENOTDIR"), Map.entry(EISDIR, "EISDIR"), Map.entry(EINVAL, "EINVAL"),
            Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"), Map.entry(ENOTTY, "ENOTTY"),
            Map.entry(ETXTBSY, "ETXTBSY"), Map.entry(27, "EFBIG"), Map.entry(28, "ENOSPC"),
            Map.entry(29, "ESPIPE"), Map.entry(EROFS, "EROFS"), Map.entry(31, "EMLINK"),
            Map.entry(32, "EPIPE"), Map.entry(ERANGE, "ERANGE"), Map.entry(ENAMETOOLONG, "ENAMETOOLONG"),
            Map.entry(ENOSYS, "ENOSYS"), Map.entry(39, "ENOTEMPTY"), Map.entry(ELOOP, "ELOOP"),
            Map.entry(ENODATA, "ENODATA"), Map.entry(EOPNOTSUPP, "EOPNOTSUPP"));

    private Errno() {}

    /** The symbolic name, or {@code errno N} for values without one here. */
    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** The C library's description, for example {@code No such file or directory}. */
    public static String describe(int errno) {
        return StrError.strerror(errno);
    }

    /** The errno of the calling thread's last native call. */
    static int last() {
        return Native.getLastError();
    }

    /** Throws the last call's errno as a {@link LinuxException} when {@code result} is -1. */
    static int check(int result, String call, String subject) throws LinuxException {
        if (result == -1) {
            throw new LinuxException(call, subject, last());
        }
        return result;
    }

    /** Like {@link #check(int, String, String)} for calls returning a long. */
    static long check(long result, String call, String subject) throws LinuxException {
        if (result == -1) {
            throw new LinuxException(call, subject, last());
        }
        return result;
    }

    private static final class StrError {
        static {
            Libc.register(StrError.class);
        }

        static native String strerror(int errnum);
    }
}
