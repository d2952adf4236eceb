package io.jocker.seccomp;

/** Docker's action names as the return values of a seccomp filter (SECCOMP_RET_*). */
final class Actions {

    static final int KILL_THREAD = 0x00000000;
    static final int KILL_PROCESS = 0x80000000;
    static final int TRAP = 0x00030000;
    static final int ERRNO = 0x00050000;
    static final int TRACE = 0x7FF00000;
    static final int LOG = 0x7FFC0000;
    static final int ALLOW = 0x7FFF0000;

    static final int EPERM = 1;
    private static final int DATA_MASK = 0xFFFF;

    private Actions() {}

    /** {@code errno} is the rule's errnoRet, or null for EPERM. */
    static int of(String name, Integer errno) throws SeccompProfileException {
        if (name == null || name.isEmpty()) {
            throw new SeccompProfileException("a seccomp rule has no action");
        }
        int data = errno == null ? EPERM : errno;
        if (data < 0 || data > DATA_MASK) {
            throw new SeccompProfileException("errnoRet " + data + " is out of range (0 to " + DATA_MASK + ")");
        }
        return switch (name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS" -> KILL_PROCESS;
            case "SCMP_ACT_TRAP" -> TRAP;
            case "SCMP_ACT_ERRNO" -> ERRNO | data;
            case "SCMP_ACT_TRACE" -> TRACE | data;
            case "SCMP_ACT_LOG" -> LOG;
            case "SCMP_ACT_ALLOW" -> ALLOW;
            case "SCMP_ACT_NOTIFY" -> throw new SeccompProfileException("seccomp action SCMP_ACT_NOTIFY is not supported");
            default -> throw new SeccompProfileException("unknown seccomp action \"" + name + "\"");
        };
    }
}
