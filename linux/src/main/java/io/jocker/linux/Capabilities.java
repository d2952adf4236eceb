package io.jocker.linux;

import java.util.List;
import java.util.Locale;

/** Capability names (as Docker writes them, {@code CAP_CHOWN}) and their bit numbers. */
public final class Capabilities {

    private static final List<String> NAMES = List.of(
            "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
            "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
            "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
            "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
            "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    private Capabilities() {}

    /** The bit number of {@code CAP_X} or {@code X} (any case); fails with the unknown name. */
    public static int number(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        int index = NAMES.indexOf(upper.startsWith("CAP_") ? upper.substring(4) : upper);
        if (index < 0) {
            throw new IllegalArgumentException("unknown capability: \"" + name + "\"");
        }
        return index;
    }

    /** The mask of the given names. */
    public static long mask(List<String> names) {
        long mask = 0;
        for (String name : names) {
            mask |= 1L << number(name);
        }
        return mask;
    }

    /** Every capability name this table knows, as {@code CAP_X}. */
    public static List<String> all() {
        return NAMES.stream().map(n -> "CAP_" + n).toList();
    }
}
