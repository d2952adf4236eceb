package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.HostConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --pid}, {@code --ipc}, {@code --uts} and {@code --cgroupns}, checked with Docker's words,
 * and at start the namespaces a container shares instead of getting its own: the host's, or
 * those of another running container (whose IPC namespace must be {@code shareable}).
 *
 * @param pid {@code ""}, {@code host} or {@code container:NAME}
 * @param ipc {@code private}, {@code shareable}, {@code none} (here a private one with its /dev/shm),
 *     {@code host} or {@code container:NAME}
 * @param uts {@code ""} or {@code host}
 * @param cgroupns {@code private} or {@code host}
 */
record NamespaceModes(String pid, String ipc, String uts, String cgroupns) {

    static final String HOST = "host";
    static final String SHAREABLE = "shareable";
    private static final String CONTAINER = "container:";

    /** The request's modes with Docker's defaults, refused as Docker refuses them. */
    static NamespaceModes of(CreateRequest request) {
        HostConfig asked = request.hostConfig();
        String pid = asked.pidMode();
        if (!pid.isEmpty() && !pid.equals(HOST) && !isContainer(pid)) {
            throw new InvalidRequestException("--pid: invalid PID mode");
        }
        String ipc = asked.ipcMode().isEmpty() ? "private" : asked.ipcMode();
        if (!ipc.equals("private") && !ipc.equals(SHAREABLE) && !ipc.equals("none") && !ipc.equals(HOST) && !isContainer(ipc)) {
            throw new InvalidRequestException("invalid IPC mode: " + ipc);
        }
        String uts = asked.utsMode();
        if (!uts.isEmpty() && !uts.equals(HOST)) {
            throw new InvalidRequestException("--uts: invalid UTS mode");
        }
        if (uts.equals(HOST) && request.hostname() != null) {
            throw new InvalidRequestException("conflicting options: hostname and the UTS mode");
        }
        String cgroupns = asked.cgroupnsMode().isEmpty() ? "private" : asked.cgroupnsMode();
        if (!cgroupns.equals("private") && !cgroupns.equals(HOST)) {
            throw new InvalidRequestException("--cgroupns: invalid CGROUP mode");
        }
        if ((ipc.equals(HOST) || isContainer(ipc)) && asked.sysctls().keySet().stream().anyMatch(k -> !k.startsWith("net."))) {
            throw new InvalidRequestException("sysctls of the IPC namespace are not allowed with --ipc " + ipc
                    + ": they belong to another namespace");
        }
        return new NamespaceModes(pid, ipc, uts, cgroupns);
    }

    static NamespaceModes of(HostConfig host) {
        return new NamespaceModes(host.pidMode(), host.ipcMode(), host.utsMode(), host.cgroupnsMode());
    }

    private static boolean isContainer(String mode) {
        return mode.startsWith(CONTAINER) && mode.length() > CONTAINER.length();
    }

    /** Each container named by a mode, looked up now (create fails on a missing one, as Docker's does). */
    void checkContainers(Function<String, ContainerRecord> lookup) {
        for (String mode : new String[] {pid, ipc}) {
            if (isContainer(mode)) {
                lookup.apply(mode.substring(CONTAINER.length()));
            }
        }
    }

    /** The namespaces shared at start: 0 for the host's, else the PID of the running container joined. */
    Map<String, Long> shared(Function<String, ContainerRecord> lookup) {
        Map<String, Long> shared = new LinkedHashMap<>();
        if (pid.equals(HOST)) {
            shared.put("pid", 0L);
        } else if (isContainer(pid)) {
            shared.put("pid", runningPid(lookup, pid, "PID"));
        }
        if (ipc.equals(HOST)) {
            shared.put("ipc", 0L);
        } else if (isContainer(ipc)) {
            ContainerRecord donor = lookup.apply(ipc.substring(CONTAINER.length()));
            if (!donor.hostConfig().ipcMode().equals(SHAREABLE)) {
                throw new InvalidRequestException("non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
            }
            shared.put("ipc", runningPid(lookup, ipc, "IPC"));
        }
        if (uts.equals(HOST)) {
            shared.put("uts", 0L);
        }
        if (cgroupns.equals(HOST)) {
            shared.put("cgroup", 0L);
        }
        return shared;
    }

    private static long runningPid(Function<String, ContainerRecord> lookup, String mode, String kind) {
        ContainerRecord target = lookup.apply(mode.substring(CONTAINER.length()));
        Status status = target.state().status();
        if ((status != Status.RUNNING && status != Status.PAUSED) || target.state().pid() <= 0) {
            throw new InvalidRequestException("cannot join " + kind + " of a non running container: " + target.id());
        }
        return target.state().pid();
    }
}
