package io.jocker.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;

/** Installs a seccomp BPF filter on the calling thread (or, synchronised, on all its process's threads). */
public final class Seccomp {

    private static final long SYS_SECCOMP = 317;
    private static final int SECCOMP_SET_MODE_FILTER = 1;
    private static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
    private static final int PR_SET_SECCOMP = 22;
    private static final int SECCOMP_MODE_FILTER = 2;
    private static final int SOCK_FILTER_BYTES = 8;
    private static final int SOCK_FPROG_BYTES = 16;

    private Seccomp() {}

    /**
     * seccomp(SECCOMP_SET_MODE_FILTER) with {@code program}, an array of {@code struct
     * sock_filter}; with {@code allThreads}, SECCOMP_FILTER_FLAG_TSYNC. Falls back to
     * prctl(PR_SET_SECCOMP) on a kernel without seccomp(2), which filters this thread only. The
     * caller needs no_new_privs or CAP_SYS_ADMIN.
     */
    public static void install(byte[] program, boolean allThreads) throws LinuxException {
        if (program.length == 0 || program.length % SOCK_FILTER_BYTES != 0) {
            throw new IllegalArgumentException("a seccomp program is a non-empty array of 8-byte instructions");
        }
        Memory filter = new Memory(program.length);
        filter.write(0, program, 0, program.length);
        Memory fprog = new Memory(SOCK_FPROG_BYTES);
        fprog.clear();
        fprog.setShort(0, (short) (program.length / SOCK_FILTER_BYTES));
        fprog.setPointer(8, filter);
        long result = Bindings.syscall(SYS_SECCOMP, SECCOMP_SET_MODE_FILTER, allThreads ? SECCOMP_FILTER_FLAG_TSYNC : 0, fprog);
        int errno = result == -1 ? Errno.last() : 0;
        if (errno == Errno.ENOSYS) {
            result = Bindings.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog, 0, 0);
            Errno.check(result, "prctl", "PR_SET_SECCOMP");
        } else if (result > 0) {
            throw new LinuxException("seccomp", "thread " + result + " cannot take the filter", Errno.EINVAL);
        } else if (result == -1) {
            throw new LinuxException("seccomp", "SECCOMP_SET_MODE_FILTER", errno);
        }
        // The kernel copies the program during the call; until then nothing may free the buffers.
        Reference.reachabilityFence(filter);
        Reference.reachabilityFence(fprog);
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native long syscall(long number, long operation, long flags, Pointer program);

        static native long prctl(long option, long mode, Pointer program, long arg4, long arg5);
    }
}
