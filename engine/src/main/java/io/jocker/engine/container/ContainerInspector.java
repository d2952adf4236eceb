package io.jocker.engine.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.supervisor.LogPipes;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Mount;
import io.jocker.spi.Resources;
import io.jocker.spi.StorageDriver;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code inspect}: a container in the shape of Docker's {@code ContainerJSON}. */
public final class ContainerInspector {

    /** Docker's zero time, shown for a start or finish that never happened. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final ContainerLookup lookup;
    private final ContainerService containers;
    private final Drivers drivers;
    private final ObjectMapper json;

    @Inject
    public ContainerInspector(ContainerLookup lookup, ContainerService containers, Drivers drivers, ObjectMapper json) {
        this.lookup = lookup;
        this.containers = containers;
        this.drivers = drivers;
        this.json = json;
    }

    /** The description of one container (name, id or unique prefix), its state repaired first. */
    public Map<String, Object> describe(String reference) {
        String id = lookup.find(reference).id();
        ContainerRecord r = containers.refresh(id).orElseThrow(() -> new NoSuchContainerException(reference));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", r.id());
        out.put("Created", r.created().toString());
        out.put("Path", command(r.config()).isEmpty() ? "" : command(r.config()).get(0));
        out.put("Args", command(r.config()).stream().skip(1).toList());
        out.put("State", state(r.state()));
        out.put("Image", r.imageId());
        out.put("LogPath", LogPipes.logFile(containers.directory(r.id())).toString());
        out.put("Name", "/" + r.name());
        out.put("RestartCount", r.restartCount());
        out.put("Driver", r.storageDriver());
        out.put("HostConfig", hostConfig(r.hostConfig()));
        out.put("GraphDriver", graphDriver(r));
        out.put("Mounts", r.hostConfig().mounts().stream().map(ContainerInspector::mount).toList());
        out.put("Config", config(r));
        return out;
    }

    /** Docker prints a JSON array, indented. */
    public String toJson(List<Map<String, Object>> descriptions) {
        try {
            return json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(descriptions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static List<String> command(ContainerConfig c) {
        List<String> args = new ArrayList<>(c.entrypoint());
        args.addAll(c.cmd());
        return args;
    }

    private static Map<String, Object> state(ContainerState s) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean running = s.status() == Status.RUNNING || s.status() == Status.PAUSED;
        out.put("Status", s.status().toString());
        // Docker's Running stays true during a restart policy's back-off; only Pid says nothing runs.
        out.put("Running", running || s.status() == Status.RESTARTING);
        out.put("Paused", s.status() == Status.PAUSED);
        out.put("Restarting", s.status() == Status.RESTARTING);
        out.put("OOMKilled", s.oomKilled());
        out.put("Dead", s.status() == Status.DEAD);
        out.put("Pid", running ? s.pid() : 0);
        // Docker has no "unknown": it shows 255 for an exit it lost; Error says why.
        boolean ended = s.status() == Status.EXITED || s.status() == Status.RESTARTING;
        out.put("ExitCode", s.exitCode() == null ? (ended ? 255 : 0) : s.exitCode());
        out.put("Error", s.error());
        out.put("StartedAt", time(s.startedAt()));
        out.put("FinishedAt", time(s.finishedAt()));
        return out;
    }

    private static String time(Instant instant) {
        return instant == null ? ZERO_TIME : instant.toString();
    }

    private static Map<String, Object> hostConfig(HostConfig h) {
        Map<String, Object> out = new LinkedHashMap<>();
        Resources res = h.resources();
        out.put("Binds", h.mounts().stream().filter(m -> m.type().equals("bind"))
                .map(m -> m.source() + ":" + m.destination() + (m.readOnly() ? ":ro" : "")).toList());
        out.put("RestartPolicy", Map.of("Name", h.restartPolicy().name(), "MaximumRetryCount", h.restartPolicy().maximumRetryCount()));
        out.put("AutoRemove", h.autoRemove());
        out.put("Privileged", h.privileged());
        out.put("ReadonlyRootfs", h.readonlyRootfs());
        out.put("Memory", orZero(res.memory()));
        out.put("MemorySwap", orZero(res.memorySwap()));
        out.put("MemoryReservation", orZero(res.memoryReservation()));
        out.put("CpuShares", orZero(res.cpuShares()));
        out.put("CpuPeriod", orZero(res.cpuPeriod()));
        out.put("CpuQuota", orZero(res.cpuQuota()));
        out.put("CpusetCpus", res.cpusetCpus() == null ? "" : res.cpusetCpus());
        out.put("CpusetMems", res.cpusetMems() == null ? "" : res.cpusetMems());
        out.put("PidsLimit", res.pidsLimit());
        out.put("OomKillDisable", Boolean.TRUE.equals(res.oomKillDisable()));
        return out;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private Map<String, Object> graphDriver(ContainerRecord r) {
        StorageDriver storage = drivers.named(DriverKind.STORAGE, r.storageDriver(), StorageDriver.class);
        return Map.of("Name", r.storageDriver(), "Data", new LinkedHashMap<>(storage.describe(r.id())));
    }

    private static Map<String, Object> mount(Mount m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Type", m.type());
        out.put("Source", m.source());
        out.put("Destination", m.destination());
        out.put("RW", !m.readOnly());
        return out;
    }

    private static Map<String, Object> config(ContainerRecord r) {
        ContainerConfig c = r.config();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Hostname", c.hostname());
        out.put("User", c.user());
        out.put("Tty", c.tty());
        out.put("OpenStdin", c.openStdin());
        out.put("StdinOnce", c.stdinOnce());
        out.put("Env", c.env());
        out.put("Cmd", c.cmd());
        out.put("Image", r.image());
        out.put("WorkingDir", c.workingDir());
        out.put("Entrypoint", c.entrypoint().isEmpty() ? null : c.entrypoint());
        out.put("Labels", c.labels());
        return out;
    }
}
