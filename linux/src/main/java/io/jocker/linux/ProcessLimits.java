package io.jocker.linux;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Docker's names of resource limits ({@code --ulimit}, set with {@link Processes#prlimit}) and a
 * process's {@code oom_score_adj}. Raising a hard limit or lowering the OOM score needs
 * CAP_SYS_RESOURCE, so both are set before capabilities are dropped (the init) or from outside (exec).
 */
public final class ProcessLimits {

    /** Docker's ulimit names by RLIMIT_ number; {@code as} is left out, as Docker leaves it out. */
    private static final List<String> NAMES = List.of(
            "cpu", "fsize", "data", "stack", "core", "rss", "nproc", "nofile", "memlock", "", "locks", "sigpending",
            "msgqueue", "nice", "rtprio", "rttime");

    private ProcessLimits() {}

    /** The RLIMIT_ number of a Docker ulimit name, or -1 when Docker knows no such name. */
    public static int resource(String name) {
        return name.isEmpty() ? -1 : NAMES.indexOf(name);
    }

    /** Writes {@code /proc/PID/oom_score_adj} ({@code self} for 0). */
    public static void setOomScoreAdj(long pid, int value) throws LinuxException {
        int fd = Fds.open("/proc/" + (pid == 0 ? "self" : Long.toString(pid)) + "/oom_score_adj", Fds.O_WRONLY | Fds.O_CLOEXEC);
        try {
            Fds.writeFully(fd, Integer.toString(value).getBytes(StandardCharsets.US_ASCII));
        } finally {
            Fds.closeQuietly(fd);
        }
    }
}
