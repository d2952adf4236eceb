package io.jocker.namespaces;

import java.util.List;

/**
 * The credentials a container process runs with.
 *
 * @param uid user id
 * @param gid group id
 * @param groups supplementary groups
 * @param privileged keep every capability the caller has
 * @param capabilities capabilities kept otherwise
 * @param noNewPrivileges set PR_SET_NO_NEW_PRIVS
 * @param seccompFilter the seccomp BPF program; empty for none
 */
record ProcessIdentity(int uid, int gid, List<Integer> groups, boolean privileged, List<String> capabilities,
        boolean noNewPrivileges, byte[] seccompFilter) {

    ProcessIdentity {
        groups = List.copyOf(groups);
        capabilities = List.copyOf(capabilities);
    }

    static ProcessIdentity of(InitConfig config) {
        return new ProcessIdentity(config.uid(), config.gid(), config.groups(), config.privileged(),
                config.capabilities(), config.noNewPrivileges(), config.seccompFilter());
    }
}
