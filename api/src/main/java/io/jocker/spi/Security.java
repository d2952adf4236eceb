package io.jocker.spi;

import java.util.List;

/**
 * The hardening applied to a process.
 *
 * @param privileged all capabilities, no masked or read-only paths, host devices visible
 * @param capabilities the capability names kept (for example {@code CAP_CHOWN}) in the bounding,
 *     effective, permitted and inheritable sets; ignored when privileged
 * @param maskedPaths paths made unreadable (a file gets {@code /dev/null} bound over it, a
 *     directory an empty read-only tmpfs)
 * @param readonlyPaths paths bound read-only over themselves
 * @param noNewPrivileges set {@code PR_SET_NO_NEW_PRIVS}
 * @param seccompFilter the seccomp BPF program (an array of {@code struct sock_filter}) installed
 *     last before the process runs; empty for none
 * @param ulimits resource limits set before the process runs ({@code --ulimit})
 * @param oomScoreAdj its {@code oom_score_adj}; 0 leaves the inherited one
 */
public record Security(
        boolean privileged,
        List<String> capabilities,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        boolean noNewPrivileges,
        byte[] seccompFilter,
        List<Ulimit> ulimits,
        int oomScoreAdj) {

    public Security {
        capabilities = List.copyOf(capabilities);
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
        seccompFilter = seccompFilter.clone();
        ulimits = List.copyOf(ulimits);
    }

    /** Without limits. */
    public Security(boolean privileged, List<String> capabilities, List<String> maskedPaths, List<String> readonlyPaths,
            boolean noNewPrivileges, byte[] seccompFilter) {
        this(privileged, capabilities, maskedPaths, readonlyPaths, noNewPrivileges, seccompFilter, List.of(), 0);
    }

    /** Without a seccomp filter. */
    public Security(boolean privileged, List<String> capabilities, List<String> maskedPaths, List<String> readonlyPaths,
            boolean noNewPrivileges) {
        this(privileged, capabilities, maskedPaths, readonlyPaths, noNewPrivileges, new byte[0]);
    }

    @Override
    public byte[] seccompFilter() {
        return seccompFilter.clone();
    }
}
