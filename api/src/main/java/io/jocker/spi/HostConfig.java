package io.jocker.spi;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the host runs a container, in the shape of Docker's {@code HostConfig}.
 *
 * <p>Build one with {@link #builder()} (or change one with {@link #toBuilder()}): the SPI may add
 * fields, which adds builder methods, while the canonical constructor's arguments change.
 *
 * @param resources cgroup limits
 * @param mounts volumes, bind mounts and tmpfs mounts
 * @param privileged no hardening
 * @param readonlyRootfs the root file system is read-only
 * @param autoRemove remove the container when it exits ({@code --rm})
 * @param restartPolicy what to do when it exits
 * @param init {@code --init}: an init runs as PID 1 and runs the command; null when not asked either way
 * @param securityOpt {@code --security-opt} values as Docker stores them (a seccomp profile file
 *     replaced by its compacted JSON), plus {@code label=disable} for a privileged container
 * @param networkMode {@code --network}: {@code bridge}, {@code none}, {@code host}, {@code container:ID} or a network's name; a record written before jocker had networks has {@code none}
 * @param networks the networks it joins when it starts, the one of {@code --network} first; empty unless {@code networkMode} names a network
 * @param portBindings {@code -p}: container ports published on the host (a host port of 0: any free one)
 * @param publishAllPorts {@code -P}: publish every exposed port on a free host port
 * @param dns {@code --dns}: name servers
 * @param dnsSearch {@code --dns-search}: search domains
 * @param dnsOptions {@code --dns-option}: resolver options
 * @param extraHosts {@code --add-host}: {@code NAME:ADDRESS} lines for /etc/hosts ({@code host-gateway} already replaced)
 * @param capAdd {@code --cap-add}: {@code CAP_X} names or {@code ALL}, sorted, as Docker's client sends them
 * @param capDrop {@code --cap-drop}, the same way; a capability also added is not dropped
 * @param ulimits {@code --ulimit}, one per name, sorted by name
 * @param oomScoreAdj {@code --oom-score-adj}, -1000 to 1000
 * @param groupAdd {@code --group-add}: group names (of the container's {@code /etc/group}) or ids
 * @param sysctls {@code --sysctl}: keys of the container's own namespaces and their values
 * @param devices {@code --device}: host devices the container gets
 * @param deviceCgroupRules {@code --device-cgroup-rule}: further device access allowed ({@code c 1:3 rwm})
 * @param pidMode {@code --pid}: empty (its own), {@code host} or {@code container:NAME}
 * @param ipcMode {@code --ipc}: {@code private}, {@code shareable}, {@code none}, {@code host} or {@code container:NAME}
 * @param utsMode {@code --uts}: empty (its own) or {@code host}
 * @param cgroupnsMode {@code --cgroupns}: {@code private} or {@code host}
 */
public record HostConfig(
        Resources resources,
        List<Mount> mounts,
        boolean privileged,
        boolean readonlyRootfs,
        boolean autoRemove,
        RestartPolicy restartPolicy,
        Boolean init,
        List<String> securityOpt,
        String networkMode,
        List<NetworkAttachment> networks,
        List<PortBinding> portBindings,
        boolean publishAllPorts,
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

    public HostConfig {
        mounts = List.copyOf(mounts);
        // Records written before these options existed have none.
        securityOpt = orEmpty(securityOpt);
        networkMode = networkMode == null ? "none" : networkMode;
        networks = orEmpty(networks);
        portBindings = orEmpty(portBindings);
        dns = orEmpty(dns);
        dnsSearch = orEmpty(dnsSearch);
        dnsOptions = orEmpty(dnsOptions);
        extraHosts = orEmpty(extraHosts);
        capAdd = orEmpty(capAdd);
        capDrop = orEmpty(capDrop);
        ulimits = orEmpty(ulimits);
        groupAdd = orEmpty(groupAdd);
        sysctls = sysctls == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(sysctls));
        devices = orEmpty(devices);
        deviceCgroupRules = orEmpty(deviceCgroupRules);
        // Docker's defaults for records written before these modes existed.
        pidMode = pidMode == null ? "" : pidMode;
        ipcMode = ipcMode == null || ipcMode.isEmpty() ? "private" : ipcMode;
        utsMode = utsMode == null ? "" : utsMode;
        cgroupnsMode = cgroupnsMode == null || cgroupnsMode.isEmpty() ? "private" : cgroupnsMode;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    public HostConfig withResources(Resources newResources) {
        return toBuilder().resources(newResources).build();
    }

    /** Whether an init runs as PID 1. */
    public boolean runsInit() {
        return Boolean.TRUE.equals(init);
    }

    /** A builder with every field at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields. */
    public Builder toBuilder() {
        return new Builder()
                .resources(resources)
                .mounts(mounts)
                .privileged(privileged)
                .readonlyRootfs(readonlyRootfs)
                .autoRemove(autoRemove)
                .restartPolicy(restartPolicy)
                .init(init)
                .securityOpt(securityOpt)
                .networkMode(networkMode)
                .networks(networks)
                .portBindings(portBindings)
                .publishAllPorts(publishAllPorts)
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

    /** Builds a {@link HostConfig}; the SPI may add fields, which adds methods here. */
    public static final class Builder {
        private Resources resources = Resources.none();
        private List<Mount> mounts = List.of();
        private boolean privileged;
        private boolean readonlyRootfs;
        private boolean autoRemove;
        private RestartPolicy restartPolicy = RestartPolicy.NO;
        private Boolean init;
        private List<String> securityOpt = List.of();
        private String networkMode = "none";
        private List<NetworkAttachment> networks = List.of();
        private List<PortBinding> portBindings = List.of();
        private boolean publishAllPorts;
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
        private String ipcMode = "private";
        private String utsMode = "";
        private String cgroupnsMode = "private";

        private Builder() {}

        public Builder resources(Resources resources) {
            this.resources = resources;
            return this;
        }

        public Builder mounts(List<Mount> mounts) {
            this.mounts = mounts;
            return this;
        }

        public Builder privileged(boolean privileged) {
            this.privileged = privileged;
            return this;
        }

        public Builder readonlyRootfs(boolean readonlyRootfs) {
            this.readonlyRootfs = readonlyRootfs;
            return this;
        }

        public Builder autoRemove(boolean autoRemove) {
            this.autoRemove = autoRemove;
            return this;
        }

        public Builder restartPolicy(RestartPolicy restartPolicy) {
            this.restartPolicy = restartPolicy;
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

        public Builder networks(List<NetworkAttachment> networks) {
            this.networks = networks;
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

        public HostConfig build() {
            return new HostConfig(resources, mounts, privileged, readonlyRootfs, autoRemove, restartPolicy, init,
                securityOpt, networkMode, networks, portBindings, publishAllPorts, dns, dnsSearch, dnsOptions, extraHosts,
                capAdd, capDrop, ulimits, oomScoreAdj, groupAdd, sysctls, devices,
                deviceCgroupRules, pidMode, ipcMode, utsMode, cgroupnsMode);
        }
    }
}
