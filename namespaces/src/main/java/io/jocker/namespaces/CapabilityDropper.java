package io.jocker.namespaces;

import io.jocker.linux.Capabilities;
import io.jocker.linux.Credentials;
import io.jocker.linux.LinuxException;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Processes;
import io.jocker.linux.Seccomp;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Applies the credentials of the user command to the calling thread, which then execs: the
 * bounding set first (dropping needs CAP_SETPCAP), then the ids (raw syscalls, this thread
 * only, keeping the permitted set), then the seccomp filter, then the capability sets, then the
 * ambient set cleared.
 *
 * <p>The filter goes in while CAP_SYS_ADMIN is still permitted, as runc does, so that
 * no_new_privs stays what the container asked for (Docker leaves it off by default, and setuid
 * programs keep working); only a caller without CAP_SYS_ADMIN must set no_new_privs to install
 * one. What follows the filter (capset, prctl, close_range, the signal calls, execve) is allowed
 * by Docker's default profile.
 */
final class CapabilityDropper {

    private static final long SYS_ADMIN = 1L << Capabilities.number("CAP_SYS_ADMIN");

    private CapabilityDropper() {}

    /** The highest capability number this kernel knows. */
    static int lastCapability() throws IOException {
        return Integer.parseInt(ProcStat.readWhole(Path.of("/proc/sys/kernel/cap_last_cap")).trim());
    }

    /**
     * {@code lastCapability} is {@code /proc/sys/kernel/cap_last_cap}, read while the host's /proc
     * is at hand. With {@code allThreads}, every thread of the process gets the seccomp filter (the
     * init); else this thread only (exec).
     */
    static void apply(ProcessIdentity config, int lastCapability, boolean allThreads) throws LinuxException {
        // Capabilities the init lacks itself (a restricted host) cannot be granted; privileged means all it has.
        long held = Credentials.get().permitted();
        long keep = config.privileged() ? held : Capabilities.mask(config.capabilities()) & held;
        if (config.noNewPrivileges()) {
            Processes.prctl(Processes.PR_SET_NO_NEW_PRIVS, 1, 0);
        }
        for (int capability = 0; capability <= lastCapability; capability++) {
            if ((keep & (1L << capability)) == 0) {
                Processes.prctl(Processes.PR_CAPBSET_DROP, capability, 0);
            }
        }
        Processes.prctl(Processes.PR_SET_KEEPCAPS, 1, 0);
        Credentials.setGroups(config.groups());
        Credentials.setResGid(config.gid(), config.gid(), config.gid());
        Credentials.setResUid(config.uid(), config.uid(), config.uid());
        if (config.seccompFilter().length > 0) {
            installFilter(config, held, allThreads);
        }
        Credentials.set(new Credentials.CapabilitySets(keep, keep, keep));
        Processes.prctl(Processes.PR_CAP_AMBIENT, Processes.PR_CAP_AMBIENT_CLEAR_ALL, 0);
    }

    private static void installFilter(ProcessIdentity config, long held, boolean allThreads) throws LinuxException {
        if ((held & SYS_ADMIN) != 0) {
            // A change to a non-root uid cleared the effective set; the permitted one still holds it.
            Credentials.CapabilitySets now = Credentials.get();
            Credentials.set(new Credentials.CapabilitySets(now.effective() | SYS_ADMIN, now.permitted(), now.inheritable()));
        } else if (!config.noNewPrivileges()) {
            Processes.prctl(Processes.PR_SET_NO_NEW_PRIVS, 1, 0);
        }
        Seccomp.install(config.seccompFilter(), allThreads);
    }
}
