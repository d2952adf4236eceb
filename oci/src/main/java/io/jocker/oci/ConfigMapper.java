package io.jocker.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.spi.CgroupException;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.DeviceNode;
import io.jocker.spi.Mount;
import io.jocker.spi.ProcessSpec;
import io.jocker.spi.Resources;
import io.jocker.spi.Security;
import io.jocker.spi.Stdio;
import io.jocker.spi.Ulimit;
import io.jocker.spi.User;
import io.jocker.spi.support.CgroupNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a bundle's {@link OciConfig} onto the SPI's {@link ContainerSpec} and {@link Resources}.
 * What the SPI cannot express is refused with a one-line reason, never silently dropped.
 */
final class ConfigMapper {

    /** Compiles the spec's {@code linux.seccomp} (the same format as Docker's profiles) for the kept capabilities. */
    @FunctionalInterface
    interface SeccompCompiler {
        byte[] compile(JsonNode profile, Set<String> capabilities) throws OciException;
    }

    /** The namespaces an init gets new unless the config joins or omits them; mount is always new. */
    private static final Map<String, String> SHAREABLE = Map.of(
            "network", "net", "pid", "pid", "ipc", "ipc", "uts", "uts", "cgroup", "cgroup");

    /**
     * The file systems the isolator sets up itself at these places (proc, a /dev with its
     * standard nodes, devpts, shm and mqueue, sysfs, the container's cgroups; mounting one of these
     * again on itself fails with EBUSY): the config's own mounts
     * there are what the isolator does anyway.
     */
    private static final Map<String, String> STANDARD_MOUNTS = Map.of(
            "/proc", "proc", "/dev", "tmpfs", "/dev/pts", "devpts", "/dev/shm", "tmpfs", "/dev/mqueue", "mqueue",
            "/sys", "sysfs", "/sys/fs/cgroup", "cgroup");

    private final SeccompCompiler seccomp;

    ConfigMapper(SeccompCompiler seccomp) {
        this.seccomp = seccomp;
    }

    ContainerPlan map(String id, Path bundle, OciConfig config) throws OciException {
        OciConfig.Linux linux = config.linux();
        if (linux == null) {
            throw new OciException("config.json has no 'linux' section: only Linux containers are supported");
        }
        refuseUnsupported(config, linux);
        Path rootfs = rootfs(bundle, config.root());
        Map<String, Long> shared = sharedNamespaces(linux.namespaces());
        List<String> capabilities = capabilities(config.process().capabilities());
        byte[] filter = linux.seccomp() == null || linux.seccomp().isNull() ? new byte[0]
                : seccomp.compile(linux.seccomp(), new LinkedHashSet<>(capabilities));
        OciConfig.Process process = config.process();
        Security security = new Security(false, capabilities, linux.maskedPaths(), linux.readonlyPaths(),
                Boolean.TRUE.equals(process.noNewPrivileges()), filter, ulimits(process.rlimits()),
                process.oomScoreAdj() == null ? 0 : process.oomScoreAdj());
        ContainerSpec spec = ContainerSpec.builder()
                .id(id)
                .rootfs(rootfs)
                .hostname(config.hostname() == null ? "" : config.hostname())
                .process(process(process))
                .stdio(stdio(process))
                .mounts(mounts(bundle, config.mounts()))
                .security(security)
                .readOnlyRootfs(config.root() != null && Boolean.TRUE.equals(config.root().readonly()))
                .sysctls(linux.sysctl())
                .devices(devices(linux.devices()))
                .sharedNamespaces(shared)
                .build();
        return new ContainerPlan(spec, resources(linux.resources()), cgroupPath(id, linux.cgroupsPath()));
    }

    private static void refuseUnsupported(OciConfig config, OciConfig.Linux linux) throws OciException {
        if (config.process() == null) {
            throw new OciException("config.json has no 'process': there is nothing to run");
        }
        if (config.domainname() != null && !config.domainname().isEmpty()) {
            throw new OciException("domainname is not supported: the isolator sets only the host name");
        }
        if (present(linux.uidMappings()) || present(linux.gidMappings())) {
            throw new OciException("linux.uidMappings and gidMappings are not supported: jocker runs no user namespaces");
        }
        if (present(linux.intelRdt())) {
            throw new OciException("linux.intelRdt is not supported");
        }
        if (present(linux.personality())) {
            throw new OciException("linux.personality is not supported");
        }
        if (present(linux.timeOffsets())) {
            throw new OciException("linux.timeOffsets is not supported: jocker runs no time namespaces");
        }
        String propagation = linux.rootfsPropagation();
        if (propagation != null && !propagation.isEmpty() && !propagation.equals("private") && !propagation.equals("rprivate")) {
            throw new OciException("linux.rootfsPropagation \"" + propagation + "\" is not supported: only private and rprivate");
        }
        OciConfig.Hooks hooks = config.hooks();
        if (hooks != null && (present(hooks.createContainer()) || present(hooks.startContainer()))) {
            throw new OciException("the createContainer and startContainer hooks are not supported yet");
        }
        OciConfig.User user = config.process().user();
        if (user != null && user.umask() != null && user.umask() != 022) {
            throw new OciException("process.user.umask " + Integer.toOctalString(user.umask())
                    + " is not supported: containers start with umask 022");
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !(node.isContainerNode() && node.isEmpty());
    }

    private static Path rootfs(Path bundle, OciConfig.Root root) throws OciException {
        if (root == null || root.path() == null || root.path().isEmpty()) {
            throw new OciException("config.json has no root.path");
        }
        Path path = bundle.resolve(root.path()).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new OciException("root.path " + path + " is not a directory");
        }
        return path;
    }

    private static ProcessSpec process(OciConfig.Process process) throws OciException {
        if (process.args().isEmpty()) {
            throw new OciException("process.args must not be empty");
        }
        String cwd = process.cwd() == null ? "/" : process.cwd();
        if (!cwd.startsWith("/")) {
            throw new OciException("process.cwd \"" + cwd + "\" is not an absolute path");
        }
        OciConfig.User user = process.user();
        User credentials = user == null ? User.ROOT : new User(nonNegative(user.uid(), "uid"), nonNegative(user.gid(), "gid"),
                user.additionalGids());
        return new ProcessSpec(process.args(), process.env(), cwd, credentials);
    }

    /**
     * The caller's stdio, or with {@code terminal} a pseudo-terminal of {@code consoleSize}
     * (height and width in characters, 0 or absent when unknown).
     */
    static Stdio stdio(OciConfig.Process process) throws OciException {
        if (!Boolean.TRUE.equals(process.terminal())) {
            return Stdio.inherit();
        }
        OciConfig.ConsoleSize size = process.consoleSize();
        if (size == null) {
            return Stdio.terminal(0, 0);
        }
        return Stdio.terminal(dimension(size.height(), "height"), dimension(size.width(), "width"));
    }

    private static int dimension(Integer value, String what) throws OciException {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > 0xffff) {
            throw new OciException("process.consoleSize." + what + " " + value + " is out of range (0 to 65535)");
        }
        return value;
    }

    /**
     * {@code linux.cgroupsPath}: absent, the runtime's own {@code jocker/ID}; absolute, as
     * given (relative to each hierarchy's root); relative, under {@code jocker/}. systemd's
     * {@code slice:prefix:name} is refused, as {@code --systemd-cgroup} is.
     */
    static String cgroupPath(String id, String cgroupsPath) throws OciException {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            return CgroupNames.SUBTREE + "/" + id;
        }
        if (cgroupsPath.contains(":")) {
            throw new OciException("linux.cgroupsPath \"" + cgroupsPath + "\" is a systemd path (slice:prefix:name), which"
                    + " jocker's cgroup drivers do not use");
        }
        String path = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : CgroupNames.SUBTREE + "/" + cgroupsPath;
        try {
            return CgroupNames.checkPath(path);
        } catch (CgroupException e) {
            throw new OciException("linux.cgroupsPath: " + e.getMessage(), e);
        }
    }

    private static int nonNegative(Integer value, String what) throws OciException {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new OciException("process.user." + what + " must not be negative");
        }
        return value;
    }

    /**
     * The SPI keeps one set (bounding, effective, permitted and inheritable alike): the config's
     * bounding set, when effective and permitted match it; inheritable may hold fewer (it grants
     * nothing by itself); ambient capabilities are refused.
     */
    static List<String> capabilities(OciConfig.Capabilities caps) throws OciException {
        if (caps == null) {
            return List.of();
        }
        List<String> bounding = caps.bounding() == null ? List.of() : caps.bounding();
        Set<String> kept = new LinkedHashSet<>(bounding);
        for (Map.Entry<String, List<String>> set : Map.of("effective", nullToEmpty(caps.effective()),
                "permitted", nullToEmpty(caps.permitted())).entrySet()) {
            if (!new LinkedHashSet<>(set.getValue()).equals(kept)) {
                throw new OciException("process.capabilities." + set.getKey() + " differs from the bounding set: jocker keeps one set");
            }
        }
        if (!kept.containsAll(nullToEmpty(caps.inheritable()))) {
            throw new OciException("process.capabilities.inheritable holds capabilities outside the bounding set");
        }
        if (!nullToEmpty(caps.ambient()).isEmpty()) {
            throw new OciException("process.capabilities.ambient is not supported");
        }
        for (String name : kept) {
            if (!name.matches("CAP_[A-Z_]+")) {
                throw new OciException("unknown capability \"" + name + "\"");
            }
        }
        return List.copyOf(kept);
    }

    private static List<String> nullToEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static List<Ulimit> ulimits(List<OciConfig.Rlimit> rlimits) throws OciException {
        List<Ulimit> ulimits = new ArrayList<>();
        for (OciConfig.Rlimit rlimit : rlimits) {
            String type = rlimit.type() == null ? "" : rlimit.type();
            if (!type.startsWith("RLIMIT_")) {
                throw new OciException("invalid rlimit type \"" + type + "\"");
            }
            ulimits.add(new Ulimit(type.substring("RLIMIT_".length()).toLowerCase(Locale.ROOT), rlimit.soft(), rlimit.hard()));
        }
        return ulimits;
    }

    /** The config's namespaces: absent ones are the caller's (the host's), a path joins another process's. */
    static Map<String, Long> sharedNamespaces(List<OciConfig.Namespace> namespaces) throws OciException {
        Map<String, Long> shared = new LinkedHashMap<>();
        SHAREABLE.values().forEach(kind -> shared.put(kind, 0L));
        boolean mount = false;
        Set<String> seen = new LinkedHashSet<>();
        for (OciConfig.Namespace namespace : namespaces) {
            String type = namespace.type() == null ? "" : namespace.type();
            if (!seen.add(type)) {
                throw new OciException("linux.namespaces names \"" + type + "\" twice");
            }
            String path = namespace.path() == null ? "" : namespace.path();
            if (type.equals("mount")) {
                if (!path.isEmpty()) {
                    throw new OciException("joining a mount namespace by path is not supported");
                }
                mount = true;
                continue;
            }
            String kind = SHAREABLE.get(type);
            if (kind == null) {
                throw new OciException(type.equals("user") || type.equals("time")
                        ? "the " + type + " namespace is not supported"
                        : "unknown namespace type \"" + type + "\"");
            }
            if (path.isEmpty()) {
                shared.remove(kind);
            } else if (kind.equals("cgroup")) {
                throw new OciException("joining a cgroup namespace by path is not supported");
            } else {
                shared.put(kind, processOf(path, kind));
            }
        }
        if (!mount) {
            throw new OciException("linux.namespaces must include a mount namespace: jocker does not run containers in the host's");
        }
        return shared;
    }

    /** {@code /proc/PID/ns/KIND}: the isolator joins namespaces of processes. */
    private static long processOf(String path, String kind) throws OciException {
        String[] parts = path.split("/");
        if (parts.length == 5 && parts[0].isEmpty() && parts[1].equals("proc") && parts[3].equals("ns") && parts[4].equals(kind)
                && parts[2].matches("[1-9][0-9]{0,9}")) {
            return Long.parseLong(parts[2]);
        }
        throw new OciException("cannot join the namespace at " + path + ": only paths of the form /proc/PID/ns/" + kind
                + " are supported");
    }

    private static List<Mount> mounts(Path bundle, List<OciConfig.Mount> mounts) throws OciException {
        List<Mount> result = new ArrayList<>();
        for (OciConfig.Mount mount : mounts) {
            String destination = mount.destination();
            if (destination == null || !destination.startsWith("/")) {
                throw new OciException("mount destination \"" + destination + "\" is not an absolute path");
            }
            if (present(mount.uidMappings()) || present(mount.gidMappings())) {
                throw new OciException("mount " + destination + ": idmapped mounts are not supported");
            }
            String normalized = Path.of(destination).normalize().toString();
            boolean bind = "bind".equals(mount.type()) || mount.options().contains("bind") || mount.options().contains("rbind");
            String type = bind ? "bind" : mount.type() == null ? "" : mount.type();
            if (!bind && type.equals(STANDARD_MOUNTS.get(normalized))) {
                continue;
            }
            if (type.isEmpty()) {
                throw new OciException("mount " + destination + " has no type");
            }
            String source = mount.source() == null ? "" : mount.source();
            if (bind) {
                source = bundle.resolve(source).toAbsolutePath().normalize().toString();
            }
            result.add(new Mount(type, source, normalized, mount.options()));
        }
        return result;
    }

    private static List<DeviceNode> devices(List<OciConfig.Device> devices) throws OciException {
        List<DeviceNode> nodes = new ArrayList<>();
        for (OciConfig.Device device : devices) {
            String type = device.type() == null ? "" : device.type();
            char kind = switch (type) {
                case "c", "u" -> 'c';
                case "b" -> 'b';
                default -> throw new OciException("device " + device.path() + ": type \"" + type + "\" is not supported (c, u or b)");
            };
            if (device.path() == null || !device.path().startsWith("/dev/")) {
                throw new OciException("device path \"" + device.path() + "\" is not under /dev");
            }
            nodes.add(new DeviceNode(device.path(), kind, (int) device.major(), (int) device.minor(),
                    device.fileMode() == null ? 0666 : device.fileMode(), device.uid() == null ? 0 : device.uid(),
                    device.gid() == null ? 0 : device.gid()));
        }
        return nodes;
    }

    static Resources resources(OciConfig.Resources resources) throws OciException {
        if (resources == null) {
            return Resources.none();
        }
        refuseIfPresent(resources.blockIO(), "blockIO");
        refuseIfPresent(resources.hugepageLimits(), "hugepageLimits");
        refuseIfPresent(resources.network(), "network");
        refuseIfPresent(resources.rdma(), "rdma");
        refuseIfPresent(resources.unified(), "unified");
        Resources.Builder builder = Resources.builder();
        OciConfig.Memory memory = resources.memory();
        if (memory != null) {
            if (memory.swappiness() != null) {
                throw new OciException("linux.resources.memory.swappiness is not supported");
            }
            builder.memory(memory.limit()).memoryReservation(memory.reservation()).memorySwap(memory.swap())
                    .oomKillDisable(memory.disableOOMKiller());
        }
        OciConfig.Cpu cpu = resources.cpu();
        if (cpu != null) {
            if (cpu.realtimeRuntime() != null || cpu.realtimePeriod() != null || cpu.idle() != null) {
                throw new OciException("linux.resources.cpu: realtimeRuntime, realtimePeriod and idle are not supported");
            }
            builder.cpuShares(cpu.shares()).cpuQuota(cpu.quota()).cpuPeriod(cpu.period())
                    .cpusetCpus(emptyToNull(cpu.cpus())).cpusetMems(emptyToNull(cpu.mems()));
        }
        if (resources.pids() != null) {
            builder.pidsLimit(resources.pids().limit());
        }
        builder.deviceRules(deviceRules(resources.devices()));
        return builder.build();
    }

    private static void refuseIfPresent(JsonNode node, String field) throws OciException {
        if (present(node)) {
            throw new OciException("linux.resources." + field + " is not supported yet");
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * The cgroup drivers start from "deny all but the standard devices" and add rules: a config
     * may deny everything (as runc's default config does first) and then allow, but no deny
     * rule after that can be expressed.
     */
    private static List<String> deviceRules(List<OciConfig.DeviceRule> rules) throws OciException {
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            OciConfig.DeviceRule rule = rules.get(i);
            boolean denyAll = !rule.allow() && (rule.type() == null || rule.type().equals("a")) && rule.major() == null
                    && rule.minor() == null;
            if (denyAll && i == 0) {
                continue;
            }
            if (!rule.allow()) {
                throw new OciException("linux.resources.devices: only a first rule denying every device can deny");
            }
            String type = rule.type() == null ? "a" : rule.type();
            if (!type.matches("[acb]")) {
                throw new OciException("linux.resources.devices: invalid type \"" + type + "\"");
            }
            String access = rule.access() == null || rule.access().isEmpty() ? "rwm" : rule.access();
            if (!access.matches("[rwm]{1,3}")) {
                throw new OciException("linux.resources.devices: invalid access \"" + access + "\"");
            }
            allowed.add(type + " " + number(rule.major()) + ":" + number(rule.minor()) + " " + access);
        }
        return allowed.isEmpty() ? null : allowed;
    }

    private static String number(Long value) {
        return value == null || value < 0 ? "*" : Long.toString(value);
    }
}
