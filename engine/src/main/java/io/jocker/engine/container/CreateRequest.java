package io.jocker.engine.container;

import io.jocker.spi.DeviceMapping;
import io.jocker.spi.Mount;
import io.jocker.spi.PortBinding;
import io.jocker.spi.Resources;
import io.jocker.spi.RestartPolicy;
import io.jocker.spi.Ulimit;
import java.util.List;
import java.util.Map;

/**
 * What {@code create} and {@code run} were asked for.
 *
 * @param image the image reference
 * @param command arguments after the image (replace the image's Cmd when not empty)
 * @param entrypoint {@code --entrypoint}, null when not given
 * @param env {@code -e} and {@code --env-file} entries, already {@code KEY=VALUE}
 * @param workingDir {@code -w}, null when not given
 * @param hostname {@code -h}, null when not given
 * @param user {@code -u}, null when not given
 * @param name {@code --name}, null for a generated name
 * @param tty {@code -t}
 * @param openStdin {@code -i}
 * @param stdinOnce {@code -i} without {@code -d}: stdin closes when the attached client's input ends
 * @param autoRemove {@code --rm}
 * @param privileged {@code --privileged}
 * @param readOnlyRootfs {@code --read-only}
 * @param resources cgroup limits
 * @param mounts volumes and tmpfs mounts
 * @param restartPolicy {@code --restart}
 * @param labels {@code --label}
 * @param stopSignal {@code --stop-signal}, null when not given
 * @param stopTimeout {@code --stop-timeout}, null when not given
 * @param init {@code --init}, null when not given
 * @param securityOpt {@code --security-opt}, a seccomp profile file already replaced by its JSON
 * @param networkMode {@code --network}, null for the default {@code bridge}
 * @param ipv4Address {@code --ip}, null for any free address
 * @param networkAliases {@code --network-alias}
 * @param macAddress {@code --mac-address}, null for one derived from the address
 * @param portBindings {@code -p}
 * @param publishAllPorts {@code -P}
 * @param exposedPorts {@code --expose}, as {@code PORT/PROTOCOL}
 * @param dns {@code --dns}
 * @param dnsSearch {@code --dns-search}
 * @param dnsOptions {@code --dns-option}
 * @param extraHosts {@code --add-host} as given ({@code NAME:ADDRESS}, the address may be {@code host-gateway})
 * @param capAdd {@code --cap-add}, as given
 * @param capDrop {@code --cap-drop}, as given
 * @param ulimits {@code --ulimit}, parsed
 * @param oomScoreAdj {@code --oom-score-adj}
 * @param groupAdd {@code --group-add}
 * @param sysctls {@code --sysctl}
 * @param devices {@code --device}, parsed
 * @param deviceCgroupRules {@code --device-cgroup-rule}
 * @param pidMode {@code --pid}, empty when not given
 * @param ipcMode {@code --ipc}, empty when not given
 * @param utsMode {@code --uts}, empty when not given
 * @param cgroupnsMode {@code --cgroupns}, empty when not given
 */
public record CreateRequest(
        String image,
        List<String> command,
        String entrypoint,
        List<String> env,
        String workingDir,
        String hostname,
        String user,
        String name,
        boolean tty,
        boolean openStdin,
        boolean stdinOnce,
        boolean autoRemove,
        boolean privileged,
        boolean readOnlyRootfs,
        Resources resources,
        List<Mount> mounts,
        RestartPolicy restartPolicy,
        Map<String, String> labels,
        String stopSignal,
        Integer stopTimeout,
        Boolean init,
        List<String> securityOpt,
        String networkMode,
        String ipv4Address,
        List<String> networkAliases,
        String macAddress,
        List<PortBinding> portBindings,
        boolean publishAllPorts,
        List<String> exposedPorts,
        List<String> dns,
        List<String> dnsSearch,
        List<String> dnsOptions,
        List<String> extraHosts,
        List<String> capAdd,
        List<String> capDrop,
        List<Ulimit> ulimits,
        int oomScoreAdj,
        List<String> groupAdd,
        Map<String, String> sysctls,
        List<DeviceMapping> devices,
        List<String> deviceCgroupRules,
        String pidMode,
        String ipcMode,
        String utsMode,
        String cgroupnsMode) {

    public CreateRequest {
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        dns = dns == null ? List.of() : List.copyOf(dns);
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
        portBindings = portBindings == null ? List.of() : List.copyOf(portBindings);
        networkAliases = networkAliases == null ? List.of() : List.copyOf(networkAliases);
        command = List.copyOf(command);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
        securityOpt = List.copyOf(securityOpt);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        ulimits = List.copyOf(ulimits);
        groupAdd = List.copyOf(groupAdd);
        sysctls = Map.copyOf(sysctls);
        devices = List.copyOf(devices);
        deviceCgroupRules = List.copyOf(deviceCgroupRules);
    }

    /** A plain request: image and command, nothing else set. */
    public static CreateRequest of(String image, String... command) {
        return builder().image(image).command(List.of(command)).build();
    }

    /** A builder with every field at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields. */
    public Builder toBuilder() {
        return new Builder()
                .image(image)
                .command(command)
                .entrypoint(entrypoint)
                .env(env)
                .workingDir(workingDir)
                .hostname(hostname)
                .user(user)
                .name(name)
                .tty(tty)
                .openStdin(openStdin)
                .stdinOnce(stdinOnce)
                .autoRemove(autoRemove)
                .privileged(privileged)
                .readOnlyRootfs(readOnlyRootfs)
                .resources(resources)
                .mounts(mounts)
                .restartPolicy(restartPolicy)
                .labels(labels)
                .stopSignal(stopSignal)
                .stopTimeout(stopTimeout)
                .init(init)
                .securityOpt(securityOpt)
                .networkMode(networkMode)
                .ipv4Address(ipv4Address)
                .networkAliases(networkAliases)
                .macAddress(macAddress)
                .portBindings(portBindings)
                .publishAllPorts(publishAllPorts)
                .exposedPorts(exposedPorts)
                .dns(dns)
                .dnsSearch(dnsSearch)
                .dnsOptions(dnsOptions)
                .extraHosts(extraHosts)
                .capAdd(capAdd)
                .capDrop(capDrop)
                .ulimits(ulimits)
                .oomScoreAdj(oomScoreAdj)
                .groupAdd(groupAdd)
                .sysctls(sysctls)
                .devices(devices)
                .deviceCgroupRules(deviceCgroupRules)
                .pidMode(pidMode)
                .ipcMode(ipcMode)
                .utsMode(utsMode)
                .cgroupnsMode(cgroupnsMode);
    }

    /** Builds a {@link CreateRequest}; the SPI may add fields, which adds methods here. */
    public static final class Builder {
        private String image;
        private List<String> command = List.of();
        private String entrypoint;
        private List<String> env = List.of();
        private String workingDir;
        private String hostname;
        private String user;
        private String name;
        private boolean tty;
        private boolean openStdin;
        private boolean stdinOnce;
        private boolean autoRemove;
        private boolean privileged;
        private boolean readOnlyRootfs;
        private Resources resources = Resources.none();
        private List<Mount> mounts = List.of();
        private RestartPolicy restartPolicy = RestartPolicy.NO;
        private Map<String, String> labels = Map.of();
        private String stopSignal;
        private Integer stopTimeout;
        private Boolean init;
        private List<String> securityOpt = List.of();
        private String networkMode;
        private String ipv4Address;
        private List<String> networkAliases = List.of();
        private String macAddress;
        private List<PortBinding> portBindings = List.of();
        private boolean publishAllPorts;
        private List<String> exposedPorts = List.of();
        private List<String> dns = List.of();
        private List<String> dnsSearch = List.of();
        private List<String> dnsOptions = List.of();
        private List<String> extraHosts = List.of();
        private List<String> capAdd = List.of();
        private List<String> capDrop = List.of();
        private List<Ulimit> ulimits = List.of();
        private int oomScoreAdj;
        private List<String> groupAdd = List.of();
        private Map<String, String> sysctls = Map.of();
        private List<DeviceMapping> devices = List.of();
        private List<String> deviceCgroupRules = List.of();
        private String pidMode = "";
        private String ipcMode = "";
        private String utsMode = "";
        private String cgroupnsMode = "";

        private Builder() {}

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        public Builder entrypoint(String entrypoint) {
            this.entrypoint = entrypoint;
            return this;
        }

        public Builder env(List<String> env) {
            this.env = env;
            return this;
        }

        public Builder workingDir(String workingDir) {
            this.workingDir = workingDir;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder tty(boolean tty) {
            this.tty = tty;
            return this;
        }

        public Builder openStdin(boolean openStdin) {
            this.openStdin = openStdin;
            return this;
        }

        public Builder stdinOnce(boolean stdinOnce) {
            this.stdinOnce = stdinOnce;
            return this;
        }

        public Builder autoRemove(boolean autoRemove) {
            this.autoRemove = autoRemove;
            return this;
        }

        public Builder privileged(boolean privileged) {
            this.privileged = privileged;
            return this;
        }

        public Builder readOnlyRootfs(boolean readOnlyRootfs) {
            this.readOnlyRootfs = readOnlyRootfs;
            return this;
        }

        public Builder resources(Resources resources) {
            this.resources = resources;
            return this;
        }

        public Builder mounts(List<Mount> mounts) {
            this.mounts = mounts;
            return this;
        }

        public Builder restartPolicy(RestartPolicy restartPolicy) {
            this.restartPolicy = restartPolicy;
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        public Builder stopSignal(String stopSignal) {
            this.stopSignal = stopSignal;
            return this;
        }

        public Builder stopTimeout(Integer stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        public Builder init(Boolean init) {
            this.init = init;
            return this;
        }

        public Builder securityOpt(List<String> securityOpt) {
            this.securityOpt = securityOpt;
            return this;
        }

        public Builder networkMode(String networkMode) {
            this.networkMode = networkMode;
            return this;
        }

        public Builder ipv4Address(String ipv4Address) {
            this.ipv4Address = ipv4Address;
            return this;
        }

        public Builder networkAliases(List<String> networkAliases) {
            this.networkAliases = networkAliases;
            return this;
        }

        public Builder macAddress(String macAddress) {
            this.macAddress = macAddress;
            return this;
        }

        public Builder portBindings(List<PortBinding> portBindings) {
            this.portBindings = portBindings;
            return this;
        }

        public Builder publishAllPorts(boolean publishAllPorts) {
            this.publishAllPorts = publishAllPorts;
            return this;
        }

        public Builder exposedPorts(List<String> exposedPorts) {
            this.exposedPorts = exposedPorts;
            return this;
        }

        public Builder dns(List<String> dns) {
            this.dns = dns;
            return this;
        }

        public Builder dnsSearch(List<String> dnsSearch) {
            this.dnsSearch = dnsSearch;
            return this;
        }

        public Builder dnsOptions(List<String> dnsOptions) {
            this.dnsOptions = dnsOptions;
            return this;
        }

        public Builder extraHosts(List<String> extraHosts) {
            this.extraHosts = extraHosts;
            return this;
        }

        public Builder capAdd(List<String> capAdd) {
            this.capAdd = capAdd;
            return this;
        }

        public Builder capDrop(List<String> capDrop) {
            this.capDrop = capDrop;
            return this;
        }

        public Builder ulimits(List<Ulimit> ulimits) {
            this.ulimits = ulimits;
            return this;
        }

        public Builder oomScoreAdj(int oomScoreAdj) {
            this.oomScoreAdj = oomScoreAdj;
            return this;
        }

        public Builder groupAdd(List<String> groupAdd) {
            this.groupAdd = groupAdd;
            return this;
        }

        public Builder sysctls(Map<String, String> sysctls) {
            this.sysctls = sysctls;
            return this;
        }

        public Builder devices(List<DeviceMapping> devices) {
            this.devices = devices;
            return this;
        }

        public Builder deviceCgroupRules(List<String> deviceCgroupRules) {
            this.deviceCgroupRules = deviceCgroupRules;
            return this;
        }

        public Builder pidMode(String pidMode) {
            this.pidMode = pidMode;
            return this;
        }

        public Builder ipcMode(String ipcMode) {
            this.ipcMode = ipcMode;
            return this;
        }

        public Builder utsMode(String utsMode) {
            this.utsMode = utsMode;
            return this;
        }

        public Builder cgroupnsMode(String cgroupnsMode) {
            this.cgroupnsMode = cgroupnsMode;
            return this;
        }

        public CreateRequest build() {
            return new CreateRequest(image, command, entrypoint, env, workingDir, hostname, user, name, tty,
                openStdin, stdinOnce, autoRemove, privileged, readOnlyRootfs, resources, mounts, restartPolicy,
                labels, stopSignal, stopTimeout, init, securityOpt, networkMode, ipv4Address, networkAliases, macAddress,
                portBindings, publishAllPorts, exposedPorts, dns, dnsSearch, dnsOptions, extraHosts, capAdd, capDrop, ulimits, oomScoreAdj, groupAdd, sysctls, devices, deviceCgroupRules,
                pidMode, ipcMode, utsMode, cgroupnsMode);
        }
    }
}
