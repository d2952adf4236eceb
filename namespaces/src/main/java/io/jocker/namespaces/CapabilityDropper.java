package io.jocker.namespaces;

import io.jocker.linux.Capabilities;
import io.jocker.linux.Credentials;
import io.jocker.linux.LinuxException;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Processes;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Applies the credentials of the user command to the calling thread, which then execs: the
 * bounding set first (dropping needs CAP_SETPCAP), then the ids (raw syscalls, this thread
 * only, keeping the permitted set), then the capability sets, then the ambient set cleared.
 */
final class CapabilityDropper {

    private CapabilityDropper() {}

    /** The highest capability number this kernel knows. */
    static int lastCapability() throws IOException {
        return Integer.parseInt(ProcStat.readWhole(Path.of("/proc/sys/kernel/cap_last_cap")).trim());
    }

    /** {@code lastCapability} is {@code /proc/sys/kernel/cap_last_cap}, read while the host's /proc is at hand. */
    static void apply(ProcessIdentity config, int lastCapability) throws LinuxException {
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
        Credentials.set(new Credentials.CapabilitySets(keep, keep, keep));
        Processes.prctl(Processes.PR_CAP_AMBIENT, Processes.PR_CAP_AMBIENT_CLEAR_ALL, 0);
    }
}
