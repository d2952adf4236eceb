package io.jocker.namespaces;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Namespaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The namespaces an init is spawned into when a container shares some ({@code --network host},
 * {@code --pid host}, {@code --ipc container:X}, ...): every other one new; the host's (the
 * engine's own) by not unsharing it; another process's by joining it through an fd opened here,
 * before the spawn, so that the init never sees a namespace it does not keep (sysfs, mounted by
 * the init, shows the network namespace of whoever mounts it). The cgroup namespace is the init's
 * own later step, so only net, pid, ipc and uts are handled here.
 *
 * @param newFlags the CLONE_NEW* flags to unshare
 * @param joins namespaces to join first
 */
record SharedNamespaces(int newFlags, List<Join> joins) implements AutoCloseable {

    /** A namespace to join: an fd of {@code /proc/PID/ns/KIND}, and its name for errors. */
    record Join(int fd, String what) {}

    static final SharedNamespaces NONE = new SharedNamespaces(NamespaceSpawner.NEW_NAMESPACES, List.of());

    private static final Map<String, Integer> FLAGS = Map.of("net", Namespaces.CLONE_NEWNET,
            "pid", Namespaces.CLONE_NEWPID, "ipc", Namespaces.CLONE_NEWIPC, "uts", Namespaces.CLONE_NEWUTS);

    SharedNamespaces {
        joins = List.copyOf(joins);
    }

    /** From the spec's map: kind to 0 (the host's) or the PID whose namespace is joined. */
    static SharedNamespaces open(Map<String, Long> shared) throws LinuxException {
        int flags = NamespaceSpawner.NEW_NAMESPACES;
        List<Join> joins = new ArrayList<>();
        try {
            for (Map.Entry<String, Integer> kind : FLAGS.entrySet()) {
                Long pid = shared.get(kind.getKey());
                if (pid == null) {
                    continue;
                }
                flags &= ~kind.getValue();
                if (pid > 0) {
                    String path = "/proc/" + pid + "/ns/" + kind.getKey();
                    joins.add(new Join(Fds.open(path, Fds.O_RDONLY | Fds.O_CLOEXEC), kind.getKey() + " namespace of process " + pid));
                }
            }
        } catch (LinuxException e) {
            joins.forEach(j -> Fds.closeQuietly(j.fd()));
            throw e;
        }
        return new SharedNamespaces(flags, joins);
    }

    /** On the spawning thread: joins, then unshares the rest. */
    void enter() throws LinuxException {
        for (Join join : joins) {
            Namespaces.setns(join.fd(), 0, join.what());
        }
        Namespaces.unshare(newFlags);
    }

    @Override
    public void close() {
        joins.forEach(j -> Fds.closeQuietly(j.fd()));
    }
}
