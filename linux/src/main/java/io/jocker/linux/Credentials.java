package io.jocker.linux;

import java.util.List;

/**
 * Capabilities and ids of the calling thread, through raw system calls: glibc's setuid family
 * would broadcast the change to every thread of the JVM.
 */
public final class Credentials {

    private static final long SYS_SETGROUPS = 116;
    private static final long SYS_SETRESUID = 117;
    private static final long SYS_SETRESGID = 119;
    private static final long SYS_CAPGET = 125;
    private static final long SYS_CAPSET = 126;
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    private Credentials() {}

    /** The three capability sets as 64-bit masks. */
    public record CapabilitySets(long effective, long permitted, long inheritable) {}

    /** capget(2) of the calling thread. */
    public static CapabilitySets get() throws LinuxException {
        int[] header = {LINUX_CAPABILITY_VERSION_3, 0};
        int[] data = new int[6];
        Errno.check(Bindings.syscall(SYS_CAPGET, header, data), "capget", null);
        return new CapabilitySets(join(data[0], data[3]), join(data[1], data[4]), join(data[2], data[5]));
    }

    /** capset(2) of the calling thread. */
    public static void set(CapabilitySets sets) throws LinuxException {
        int[] header = {LINUX_CAPABILITY_VERSION_3, 0};
        int[] data = {
            (int) sets.effective(), (int) sets.permitted(), (int) sets.inheritable(),
            (int) (sets.effective() >>> 32), (int) (sets.permitted() >>> 32), (int) (sets.inheritable() >>> 32)
        };
        Errno.check(Bindings.syscall(SYS_CAPSET, header, data), "capset", null);
    }

    /** setresuid(2) of the calling thread only. */
    public static void setResUid(int real, int effective, int saved) throws LinuxException {
        Errno.check(Bindings.syscall(SYS_SETRESUID, real, effective, saved), "setresuid", "uid " + effective);
    }

    /** setresgid(2) of the calling thread only. */
    public static void setResGid(int real, int effective, int saved) throws LinuxException {
        Errno.check(Bindings.syscall(SYS_SETRESGID, real, effective, saved), "setresgid", "gid " + effective);
    }

    /** setgroups(2) of the calling thread only. */
    public static void setGroups(List<Integer> groups) throws LinuxException {
        int[] gids = groups.stream().mapToInt(Integer::intValue).toArray();
        Errno.check(Bindings.syscall(SYS_SETGROUPS, gids.length, gids), "setgroups", groups.toString());
    }

    private static long join(int low, int high) {
        return (low & 0xffffffffL) | ((long) high << 32);
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native long syscall(long number, int[] header, int[] data);

        static native long syscall(long number, long a, long b, long c);

        static native long syscall(long number, long count, int[] list);
    }
}
