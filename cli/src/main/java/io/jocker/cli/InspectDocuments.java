package io.jocker.cli;

import io.jocker.cli.template.GoMap;
import io.jocker.cli.template.GoNil;
import io.jocker.cli.template.GoStruct;
import io.jocker.engine.container.ContainerDetails;
import io.jocker.engine.container.DefaultSecurity;
import io.jocker.images.ImageConfig;
import io.jocker.images.ImageSummary;
import io.jocker.images.ResolvedImage;
import io.jocker.images.RunConfig;
import io.jocker.engine.network.EndpointRecord;
import io.jocker.engine.network.NetworkRecord;
import io.jocker.engine.volume.Volume;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Mount;
import io.jocker.spi.Resources;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The objects {@code inspect} prints, as Docker 28's API shapes them (moby's
 * {@code container.InspectResponse}, {@code image.InspectResponse}, {@code volume.Volume}): every
 * key in Docker's order, Docker's defaults where jocker has no such setting. Go structs stay
 * structs (a template's missing field is an error), Go maps stay maps.
 */
final class InspectDocuments {

    /** Go's zero time, which Docker shows for a start or finish that never happened. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    /** Docker's default size of /dev/shm. */
    private static final long SHM_SIZE = 64L * 1024 * 1024;

    private InspectDocuments() {}

    /**
     * A container; {@code volumeName} names the volume a mount binds, if it is one.
     */
    static GoStruct container(ContainerDetails details, Function<Mount, Optional<String>> volumeName, List<EndpointRecord> endpoints,
            List<NetworkRecord> networks) {
        ContainerRecord r = details.record();
        List<String> command = new ArrayList<>(r.config().entrypoint());
        command.addAll(r.config().cmd());
        return GoStruct.builder("container.InspectResponse")
                .field("Id", r.id())
                .field("Created", rfc3339Nano(r.created()))
                .field("Path", command.isEmpty() ? "" : command.get(0))
                .field("Args", command.isEmpty() ? List.of() : command.subList(1, command.size()))
                .field("State", state(r.state()))
                .field("Image", r.imageId())
                .field("ResolvConfPath", details.resolvConfPath().toString())
                .field("HostnamePath", details.hostnamePath().toString())
                .field("HostsPath", details.hostsPath().toString())
                .field("LogPath", details.logPath().toString())
                .field("Name", "/" + r.name())
                .field("RestartCount", (long) r.restartCount())
                .field("Driver", r.storageDriver())
                .field("Platform", "linux")
                .field("MountLabel", "")
                .field("ProcessLabel", "")
                .field("AppArmorProfile", "")
                .field("ExecIDs", GoNil.SLICE)
                .field("HostConfig", hostConfig(r.hostConfig(), details.userMounts(), volumeName))
                .field("GraphDriver", graphDriver(r.storageDriver(), details.graphDriverData()))
                .fieldOmitEmpty("SizeRw", GoNil.POINTER)
                .fieldOmitEmpty("SizeRootFs", GoNil.POINTER)
                .field("Mounts", details.userMounts().stream().map(m -> mountPoint(m, volumeName.apply(m))).toList())
                .field("Config", config(r))
                .field("NetworkSettings", networkSettings(r, endpoints, networks))
                .fieldOmitEmpty("ImageManifestDescriptor", GoNil.POINTER)
                .build();
    }

    private static GoStruct state(ContainerState s) {
        boolean running = s.status() == Status.RUNNING || s.status() == Status.PAUSED;
        boolean ended = s.status() == Status.EXITED || s.status() == Status.RESTARTING;
        return GoStruct.builder("*container.State")
                .field("Status", s.status().toString())
                // Docker's Running stays true during a restart policy's back-off; only Pid says nothing runs.
                .field("Running", running || s.status() == Status.RESTARTING)
                .field("Paused", s.status() == Status.PAUSED)
                .field("Restarting", s.status() == Status.RESTARTING)
                .field("OOMKilled", s.oomKilled())
                .field("Dead", s.status() == Status.DEAD)
                .field("Pid", running ? (long) s.pid() : 0L)
                // Docker has no "unknown": it shows 255 for an exit it lost; Error says why.
                .field("ExitCode", s.exitCode() == null ? (ended ? 255L : 0L) : (long) s.exitCode())
                .field("Error", s.error() == null ? "" : s.error())
                .field("StartedAt", time(s.startedAt()))
                .field("FinishedAt", time(s.finishedAt()))
                .fieldOmitEmpty("Health", GoNil.POINTER)
                .build();
    }

    private static GoStruct hostConfig(HostConfig h, List<Mount> mounts, Function<Mount, Optional<String>> volumeName) {
        Resources res = h.resources();
        List<String> binds = new ArrayList<>();
        for (Mount m : mounts) {
            if (m.type().equals("bind")) {
                binds.add(volumeName.apply(m).orElse(m.source()) + ":" + m.destination() + (m.readOnly() ? ":ro" : ""));
            }
        }
        List<String> masked = h.privileged() ? null : DefaultSecurity.MASKED_PATHS;
        List<String> readonly = h.privileged() ? null : DefaultSecurity.READONLY_PATHS;
        return GoStruct.builder("*container.HostConfig")
                .field("Binds", binds.isEmpty() ? GoNil.SLICE : binds)
                .field("ContainerIDFile", "")
                .field("LogConfig", GoStruct.builder("container.LogConfig")
                        .field("Type", "k8s-file").field("Config", GoMap.ofStrings(Map.of())).build())
                .field("NetworkMode", "none")
                .field("PortBindings", new GoMap(Map.of(), GoNil.SLICE, Map.of()))
                .field("RestartPolicy", GoStruct.builder("container.RestartPolicy")
                        .field("Name", h.restartPolicy().name())
                        .field("MaximumRetryCount", (long) h.restartPolicy().maximumRetryCount()).build())
                .field("AutoRemove", h.autoRemove())
                .field("VolumeDriver", "")
                .field("VolumesFrom", GoNil.SLICE)
                .field("ConsoleSize", List.of(0L, 0L))
                .fieldOmitEmpty("Annotations", GoNil.MAP)
                .field("CapAdd", h.capAdd().isEmpty() ? GoNil.SLICE : h.capAdd())
                .field("CapDrop", h.capDrop().isEmpty() ? GoNil.SLICE : h.capDrop())
                .field("CgroupnsMode", h.cgroupnsMode())
                .field("Dns", List.of())
                .field("DnsOptions", List.of())
                .field("DnsSearch", List.of())
                .field("ExtraHosts", GoNil.SLICE)
                .field("GroupAdd", h.groupAdd().isEmpty() ? GoNil.SLICE : h.groupAdd())
                .field("IpcMode", h.ipcMode())
                .field("Cgroup", "")
                .field("Links", GoNil.SLICE)
                .field("OomScoreAdj", (long) h.oomScoreAdj())
                .field("PidMode", h.pidMode())
                .field("Privileged", h.privileged())
                .field("PublishAllPorts", false)
                .field("ReadonlyRootfs", h.readonlyRootfs())
                .field("SecurityOpt", h.securityOpt().isEmpty() ? GoNil.SLICE : h.securityOpt())
                .fieldOmitEmpty("StorageOpt", GoNil.MAP)
                .fieldOmitEmpty("Tmpfs", GoNil.MAP)
                .field("UTSMode", h.utsMode())
                .field("UsernsMode", "")
                .field("ShmSize", SHM_SIZE)
                .fieldOmitEmpty("Sysctls", h.sysctls().isEmpty() ? GoNil.MAP : GoMap.ofStrings(h.sysctls()))
                .fieldOmitEmpty("Runtime", "")
                .field("Isolation", "")
                .field("CpuShares", orZero(res.cpuShares()))
                .field("Memory", orZero(res.memory()))
                .field("NanoCpus", 0L)
                .field("CgroupParent", "")
                .field("BlkioWeight", 0L)
                .field("BlkioWeightDevice", List.of())
                .field("BlkioDeviceReadBps", List.of())
                .field("BlkioDeviceWriteBps", List.of())
                .field("BlkioDeviceReadIOps", List.of())
                .field("BlkioDeviceWriteIOps", List.of())
                .field("CpuPeriod", orZero(res.cpuPeriod()))
                .field("CpuQuota", orZero(res.cpuQuota()))
                .field("CpuRealtimePeriod", 0L)
                .field("CpuRealtimeRuntime", 0L)
                .field("CpusetCpus", res.cpusetCpus() == null ? "" : res.cpusetCpus())
                .field("CpusetMems", res.cpusetMems() == null ? "" : res.cpusetMems())
                .field("Devices", h.devices().stream().map(d -> GoStruct.builder("container.DeviceMapping")
                        .field("PathOnHost", d.pathOnHost()).field("PathInContainer", d.pathInContainer())
                        .field("CgroupPermissions", d.cgroupPermissions()).build()).toList())
                .field("DeviceCgroupRules", h.deviceCgroupRules().isEmpty() ? GoNil.SLICE : h.deviceCgroupRules())
                .field("DeviceRequests", GoNil.SLICE)
                .fieldOmitEmpty("KernelMemory", 0L)
                .fieldOmitEmpty("KernelMemoryTCP", 0L)
                .field("MemoryReservation", orZero(res.memoryReservation()))
                .field("MemorySwap", orZero(res.memorySwap()))
                .field("MemorySwappiness", GoNil.POINTER)
                .field("OomKillDisable", Boolean.TRUE.equals(res.oomKillDisable()))
                .field("PidsLimit", res.pidsLimit() == null || res.pidsLimit() <= 0 ? GoNil.POINTER : res.pidsLimit())
                .field("Ulimits", h.ulimits().isEmpty() ? GoNil.SLICE : h.ulimits().stream().map(u -> GoStruct.builder("*container.Ulimit")
                        .field("Name", u.name()).field("Hard", u.hard()).field("Soft", u.soft()).build()).toList())
                .field("CpuCount", 0L)
                .field("CpuPercent", 0L)
                .field("IOMaximumIOps", 0L)
                .field("IOMaximumBandwidth", 0L)
                .fieldOmitEmpty("Mounts", GoNil.SLICE)
                .field("MaskedPaths", masked == null ? GoNil.SLICE : masked)
                .field("ReadonlyPaths", readonly == null ? GoNil.SLICE : readonly)
                .pointerOmitEmpty("Init", h.init())
                .build();
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static GoStruct graphDriver(String name, Map<String, String> data) {
        return GoStruct.builder("storage.DriverData").field("Data", GoMap.ofStrings(data)).field("Name", name).build();
    }

    /** Docker's {@code MountPoint}: bind mounts with their propagation, volumes with their name, driver and mode "z". */
    private static GoStruct mountPoint(Mount m, Optional<String> volume) {
        String type = volume.isPresent() ? "volume" : m.type();
        return GoStruct.builder("container.MountPoint")
                .fieldOmitEmpty("Type", type)
                .fieldOmitEmpty("Name", volume.orElse(""))
                .field("Source", m.type().equals("bind") ? m.source() : "")
                .field("Destination", m.destination())
                .fieldOmitEmpty("Driver", volume.isPresent() ? "local" : "")
                .field("Mode", volume.isPresent() ? "z" : "")
                .field("RW", !m.readOnly())
                .field("Propagation", type.equals("bind") ? "rprivate" : "")
                .build();
    }

    private static GoStruct config(ContainerRecord r) {
        ContainerConfig c = r.config();
        return GoStruct.builder("*container.Config")
                .field("Hostname", c.hostname())
                .field("Domainname", "")
                .field("User", c.user())
                .field("AttachStdin", c.stdinOnce())
                .field("AttachStdout", c.stdinOnce())
                .field("AttachStderr", c.stdinOnce())
                .fieldOmitEmpty("ExposedPorts", portSet(c.exposedPorts()))
                .field("Tty", c.tty())
                .field("OpenStdin", c.openStdin())
                .field("StdinOnce", c.stdinOnce())
                .field("Env", c.env().isEmpty() ? GoNil.SLICE : c.env())
                .field("Cmd", c.cmd().isEmpty() ? GoNil.SLICE : c.cmd())
                .fieldOmitEmpty("Healthcheck", GoNil.POINTER)
                .fieldOmitEmpty("ArgsEscaped", false)
                .field("Image", r.image())
                .field("Volumes", GoNil.MAP)
                .field("WorkingDir", c.workingDir())
                .field("Entrypoint", c.entrypoint().isEmpty() ? GoNil.SLICE : c.entrypoint())
                .fieldOmitEmpty("NetworkDisabled", false)
                .fieldOmitEmpty("MacAddress", "")
                .field("OnBuild", GoNil.SLICE)
                .field("Labels", GoMap.ofStrings(c.labels()))
                .fieldOmitEmpty("StopSignal", c.stopSignal())
                .pointerOmitEmpty("StopTimeout", c.stopTimeout() == null ? null : c.stopTimeout().longValue())
                .fieldOmitEmpty("Shell", GoNil.SLICE)
                .build();
    }

    /**
     * Docker's {@code NetworkSettings}: the published ports, and for each network the container
     * is connected to its endpoint (address, gateway, MAC, aliases) while it runs; the top-level
     * address fields are the default bridge's, as Docker fills them.
     */
    private static GoStruct networkSettings(ContainerRecord r, List<EndpointRecord> endpoints, List<NetworkRecord> networks) {
        Map<String, Object> ports = new TreeMap<>();
        boolean running = r.state().status() == Status.RUNNING || r.state().status() == Status.PAUSED;
        if (running) {
            PublishedPorts.of(r, endpoints).forEach((port, bindings) -> ports.put(port, bindings.isEmpty() ? GoNil.SLICE
                    : bindings.stream().map(b -> (Object) GoStruct.builder("nat.PortBinding").field("HostIp", b.hostIp())
                            .field("HostPort", Integer.toString(b.hostPort())).build()).toList()));
        }
        Map<String, Object> byName = new TreeMap<>();
        EndpointRecord bridge = null;
        List<String> names = r.hostConfig().networks().isEmpty() && !r.hostConfig().networkMode().startsWith("container:")
                ? List.of(r.hostConfig().networkMode())
                : r.hostConfig().networks().stream().map(io.jocker.spi.NetworkAttachment::network).toList();
        for (String name : names) {
            NetworkRecord network = networks.stream().filter(n -> n.name().equals(name) || n.id().equals(name)).findFirst().orElse(null);
            EndpointRecord e = network == null ? null
                    : endpoints.stream().filter(x -> x.networkId().equals(network.id())).findFirst().orElse(null);
            if (e != null && network.predefined() && network.name().equals("bridge")) {
                bridge = e;
            }
            List<String> aliases = r.hostConfig().networks().stream().filter(a -> a.network().equals(name))
                    .flatMap(a -> a.aliases().stream()).toList();
            byName.put(network == null ? name : network.name(), GoStruct.builder("*network.EndpointSettings")
                    .field("IPAMConfig", GoNil.POINTER).field("Links", GoNil.SLICE)
                    .field("Aliases", aliases.isEmpty() ? GoNil.SLICE : aliases)
                    .field("MacAddress", e == null ? "" : e.macAddress()).field("DriverOpts", GoNil.MAP).field("GwPriority", 0L)
                    .field("NetworkID", network == null ? "" : network.id())
                    .field("EndpointID", e == null ? "" : e.endpointId())
                    .field("Gateway", e == null ? "" : network.gateway())
                    .field("IPAddress", e == null ? "" : e.address())
                    .field("IPPrefixLen", e == null ? 0L : (long) network.subnetValue().prefix())
                    .field("IPv6Gateway", "").field("GlobalIPv6Address", "").field("GlobalIPv6PrefixLen", 0L)
                    .field("DNSNames", e == null || network.predefined() ? GoNil.SLICE : dnsNames(r, aliases))
                    .build());
        }
        NetworkRecord bridgeNetwork = networks.stream().filter(n -> n.predefined() && n.name().equals("bridge")).findFirst().orElse(null);
        return GoStruct.builder("*container.NetworkSettings")
                .field("Bridge", "").field("SandboxID", "").field("SandboxKey", running ? "/proc/" + r.state().pid() + "/ns/net" : "")
                .field("Ports", new GoMap(ports, GoNil.SLICE, Map.of()))
                .field("HairpinMode", false).field("LinkLocalIPv6Address", "").field("LinkLocalIPv6PrefixLen", 0L)
                .field("SecondaryIPAddresses", GoNil.SLICE).field("SecondaryIPv6Addresses", GoNil.SLICE)
                .field("EndpointID", bridge == null ? "" : bridge.endpointId())
                .field("Gateway", bridge == null || bridgeNetwork == null ? "" : bridgeNetwork.gateway())
                .field("GlobalIPv6Address", "").field("GlobalIPv6PrefixLen", 0L)
                .field("IPAddress", bridge == null ? "" : bridge.address())
                .field("IPPrefixLen", bridge == null || bridgeNetwork == null ? 0L : (long) bridgeNetwork.subnetValue().prefix())
                .field("IPv6Gateway", "").field("MacAddress", bridge == null ? "" : bridge.macAddress())
                .field("Networks", new GoMap(byName, GoNil.POINTER, Map.of()))
                .build();
    }

    private static List<String> dnsNames(ContainerRecord r, List<String> aliases) {
        List<String> names = new ArrayList<>();
        names.add(r.name());
        names.addAll(aliases);
        names.add(r.id().substring(0, 12));
        return names;
    }

    /** An image, as {@code docker image inspect} prints it (API 1.50: the OCI image config, Docker's omissions). */
    static GoStruct image(ResolvedImage image, List<ImageSummary> summaries, String storageDriver, Map<String, String> graphData) {
        ImageConfig config = image.config();
        RunConfig run = config.config() == null ? RunConfig.EMPTY : config.config();
        List<String> tags = summaries.stream().filter(s -> s.id().equals(image.id()) && !s.tag().equals(ImageSummary.NONE))
                .map(s -> s.repository() + ":" + s.tag()).toList();
        long size = summaries.stream().filter(s -> s.id().equals(image.id())).mapToLong(ImageSummary::size).findFirst().orElse(0);
        String comment = config.history().isEmpty() || config.history().get(config.history().size() - 1).comment() == null
                ? "" : config.history().get(config.history().size() - 1).comment();
        return GoStruct.builder("image.InspectResponse")
                .field("Id", image.id())
                .field("RepoTags", tags)
.field("RepoDigests", summaries.stream().filter(s -> s.id().equals(image.id()) && !s.digest().equals(ImageSummary.NONE))
                        .map(s -> s.repository() + "@" + s.digest()).distinct().toList())
                .field("Parent", "")
                .field("Comment", comment)
                .fieldOmitEmpty("Created", config.created() == null ? "" : config.created())
                .field("DockerVersion", "")
                .field("Author", "")
                .field("Config", GoStruct.builder("*v1.DockerOCIImageConfig")
                        .fieldOmitEmpty("User", run.user() == null ? "" : run.user())
                        .fieldOmitEmpty("ExposedPorts", portSet(run.exposedPortKeys()))
                        .fieldOmitEmpty("Env", slice(run.env()))
                        .fieldOmitEmpty("Entrypoint", slice(run.entrypoint()))
                        .fieldOmitEmpty("Cmd", slice(run.cmd()))
                        .fieldOmitEmpty("Volumes", GoNil.MAP)
                        .fieldOmitEmpty("WorkingDir", run.workingDir() == null ? "" : run.workingDir())
                        .fieldOmitEmpty("Labels", run.labels() == null ? GoNil.MAP : GoMap.ofStrings(run.labels()))
                        .fieldOmitEmpty("StopSignal", "")
                        .fieldOmitEmpty("ArgsEscaped", false)
                        .fieldOmitEmpty("Healthcheck", GoNil.POINTER)
                        .fieldOmitEmpty("OnBuild", GoNil.SLICE)
                        .fieldOmitEmpty("Shell", GoNil.SLICE)
                        .build())
                .field("Architecture", config.architecture() == null ? "" : config.architecture())
                .fieldOmitEmpty("Variant", "")
                .field("Os", config.os() == null ? "" : config.os())
                .fieldOmitEmpty("OsVersion", "")
                .field("Size", size)
                .field("GraphDriver", graphDriver(storageDriver, graphData))
                .field("RootFS", GoStruct.builder("image.RootFS").field("Type", config.rootfs().type())
                        .field("Layers", config.rootfs().diffIds()).build())
                .field("Metadata", GoStruct.builder("image.Metadata").field("LastTagTime", ZERO_TIME).build())
                .build();
    }

    /** Docker's {@code nat.PortSet}, a {@code map[nat.Port]struct{}}: nil when empty. */
    private static Object portSet(List<String> ports) {
        if (ports.isEmpty()) {
            return GoNil.MAP;
        }
        GoStruct empty = GoStruct.builder("struct {}").build();
        Map<String, Object> set = new TreeMap<>();
        ports.forEach(p -> set.put(p, empty));
        return new GoMap(set, empty, Map.of());
    }

    private static Object slice(List<String> values) {
        return values == null ? GoNil.SLICE : values;
    }

    /** A volume, as {@code docker volume inspect} prints it. */
    static GoStruct volume(Volume v) {
        return GoStruct.builder("volume.Volume")
                .fieldOmitEmpty("ClusterVolume", GoNil.POINTER)
                .fieldOmitEmpty("CreatedAt", v.createdAt() == null ? "" : v.createdAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .field("Driver", v.driver())
                .field("Labels", GoMap.ofStrings(v.labels()))
                .field("Mountpoint", v.mountpoint())
                .field("Name", v.name())
                .field("Options", GoMap.ofStrings(v.options()))
                .field("Scope", v.scope())
                .fieldOmitEmpty("Status", GoNil.MAP)
                .fieldOmitEmpty("UsageData", GoNil.POINTER)
                .build();
    }

    /** A network, as {@code docker network inspect} prints it (API 1.50), with its running containers. */
    static GoStruct network(NetworkRecord n, List<EndpointRecord> endpoints) {
        List<Object> config = new ArrayList<>();
        if (n.hasDriver()) {
            config.add(GoStruct.builder("network.IPAMConfig")
                    .fieldOmitEmpty("Subnet", n.subnet())
                    .fieldOmitEmpty("IPRange", n.ipRange() == null ? "" : n.ipRange())
                    .fieldOmitEmpty("Gateway", n.gateway())
                    .fieldOmitEmpty("AuxiliaryAddresses", GoNil.MAP)
                    .build());
        }
        Map<String, Object> containers = new TreeMap<>();
        for (EndpointRecord e : endpoints) {
            containers.put(e.containerId(), GoStruct.builder("network.EndpointResource")
                    .field("Name", e.containerName())
                    .field("EndpointID", e.endpointId())
                    .field("MacAddress", e.macAddress())
                    .field("IPv4Address", e.address() + "/" + n.subnetValue().prefix())
                    .field("IPv6Address", "")
                    .build());
        }
        return GoStruct.builder("network.Inspect")
                .field("Name", n.name())
                .field("Id", n.id())
                .field("Created", rfc3339Nano(n.created()))
                .field("Scope", "local")
                .field("Driver", n.driver())
                .field("EnableIPv4", n.hasDriver())
                .field("EnableIPv6", false)
                .field("IPAM", GoStruct.builder("network.IPAM")
                        .field("Driver", "default")
                        .field("Options", GoNil.MAP)
                        .field("Config", config)
                        .build())
                .field("Internal", n.internal())
                .field("Attachable", false)
                .field("Ingress", false)
                .field("ConfigFrom", GoStruct.builder("network.ConfigReference").field("Network", "").build())
                .field("ConfigOnly", false)
                .field("Containers", new GoMap(containers, GoNil.POINTER, Map.of()))
                .field("Options", GoMap.ofStrings(n.options()))
                .field("Labels", GoMap.ofStrings(n.labels()))
                .build();
    }

    private static String time(Instant instant) {
        return instant == null ? ZERO_TIME : rfc3339Nano(instant);
    }

    /** Go's RFC 3339 with nanoseconds: trailing zeros of the fraction dropped. */
    static String rfc3339Nano(Instant instant) {
        String text = instant.truncatedTo(ChronoUnit.SECONDS).toString();
        int nanos = instant.getNano();
        if (nanos == 0) {
            return text;
        }
        String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
        return text.substring(0, text.length() - 1) + "." + fraction + "Z";
    }
}
