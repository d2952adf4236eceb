package io.jocker.namespaces;

import io.jocker.linux.Mounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OCI mount options split into mount(2) flags, propagation and file system data.
 *
 * @param flags flags to set
 * @param propagation a propagation flag, or 0 for the default ({@code rprivate})
 * @param bind a bind mount was asked for ({@code bind}, {@code rbind})
 * @param recursive {@code rbind}
 * @param data the remaining options, comma-joined, for the file system
 */
record MountOptions(long flags, long propagation, boolean bind, boolean recursive, String data) {

    private static final Map<String, Long> SET = Map.ofEntries(
            Map.entry("ro", Mounts.MS_RDONLY), Map.entry("nosuid", Mounts.MS_NOSUID),
            Map.entry("nodev", Mounts.MS_NODEV), Map.entry("noexec", Mounts.MS_NOEXEC),
            Map.entry("sync", Mounts.MS_SYNCHRONOUS), Map.entry("dirsync", Mounts.MS_DIRSYNC),
            Map.entry("mand", Mounts.MS_MANDLOCK), Map.entry("noatime", Mounts.MS_NOATIME),
            Map.entry("nodiratime", Mounts.MS_NODIRATIME), Map.entry("relatime", Mounts.MS_RELATIME),
            Map.entry("strictatime", Mounts.MS_STRICTATIME));

    private static final Map<String, Long> CLEAR = Map.ofEntries(
            Map.entry("rw", Mounts.MS_RDONLY), Map.entry("suid", Mounts.MS_NOSUID), Map.entry("dev", Mounts.MS_NODEV),
            Map.entry("exec", Mounts.MS_NOEXEC), Map.entry("async", Mounts.MS_SYNCHRONOUS),
            Map.entry("nomand", Mounts.MS_MANDLOCK), Map.entry("atime", Mounts.MS_NOATIME),
            Map.entry("diratime", Mounts.MS_NODIRATIME), Map.entry("norelatime", Mounts.MS_RELATIME),
            Map.entry("nostrictatime", Mounts.MS_STRICTATIME));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", Mounts.MS_PRIVATE, "rprivate", Mounts.MS_PRIVATE | Mounts.MS_REC,
            "slave", Mounts.MS_SLAVE, "rslave", Mounts.MS_SLAVE | Mounts.MS_REC,
            "shared", Mounts.MS_SHARED, "rshared", Mounts.MS_SHARED | Mounts.MS_REC);

    static MountOptions parse(List<String> options) {
        long flags = 0;
        long propagation = 0;
        boolean bind = false;
        boolean recursive = false;
        List<String> data = new ArrayList<>();
        for (String option : options) {
            if (SET.containsKey(option)) {
                flags |= SET.get(option);
            } else if (CLEAR.containsKey(option)) {
                flags &= ~CLEAR.get(option);
            } else if (PROPAGATION.containsKey(option)) {
                propagation = PROPAGATION.get(option);
            } else if (option.equals("bind")) {
                bind = true;
            } else if (option.equals("rbind")) {
                bind = true;
                recursive = true;
            } else if (!option.isEmpty()) {
                if (option.indexOf(',') >= 0) {
                    throw new IllegalArgumentException("invalid mount option \"" + option + "\": options are separate entries");
                }
                data.add(option);
            }
        }
        return new MountOptions(flags, propagation, bind, recursive, String.join(",", data));
    }
}
