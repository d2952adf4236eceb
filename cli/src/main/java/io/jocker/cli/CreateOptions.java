package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.container.ContainerDevices;
import io.jocker.engine.container.ContainerNetworking;
import io.jocker.engine.container.CreateRequest;
import io.jocker.engine.container.RestartPolicies;
import io.jocker.engine.container.Signals;
import io.jocker.engine.container.Sysctls;
import io.jocker.engine.host.Platforms;
import io.jocker.engine.resources.InvalidResourceException;
import io.jocker.engine.volume.MountSpecs;
import io.jocker.spi.Host;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Mount;
import io.jocker.spi.Resources;
import io.jocker.spi.RestartPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options {@code create} and {@code run} share, and the request they make. */
final class CreateOptions {

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = "--rm", description = "Automatically remove the container when it exits")
    boolean autoRemove;

    @Option(names = "--name", paramLabel = "NAME", description = "Assign a name to the container")
    String name;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read in a file of environment variables")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set meta data on a container")
    List<String> labels = new ArrayList<>();

    @Option(names = "--label-file", paramLabel = "FILE", description = "Read in a line delimited file of labels")
    List<Path> labelFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container")
    String workingDir;

    @Option(names = {"-h", "--hostname"}, paramLabel = "NAME", description = "Container host name")
    String hostname;

    @Option(names = "--entrypoint", paramLabel = "CMD", description = "Overwrite the default ENTRYPOINT of the image")
    String entrypoint;

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = "--privileged", description = "Give extended privileges to this container")
    boolean privileged;

    @Option(names = "--security-opt", paramLabel = "OPTION", description = "Security Options")
    List<String> securityOpts = new ArrayList<>();

    @Option(names = "--cap-add", paramLabel = "CAPABILITY", description = "Add Linux capabilities")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "CAPABILITY", description = "Drop Linux capabilities")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", description = "Ulimit options")
    List<String> ulimits = new ArrayList<>();

    @Option(names = "--oom-score-adj", paramLabel = "INT", description = "Tune host's OOM preferences (-1000 to 1000)")
    int oomScoreAdj;

    @Option(names = "--group-add", paramLabel = "GROUP", description = "Add additional groups to join")
    List<String> groupAdd = new ArrayList<>();

    @Option(names = "--sysctl", paramLabel = "KEY=VALUE", description = "Sysctl options")
    List<String> sysctls = new ArrayList<>();

    @Option(names = "--device", paramLabel = "HOST[:CONTAINER][:PERMISSIONS]", description = "Add a host device to the container")
    List<String> devices = new ArrayList<>();

    @Option(names = "--device-cgroup-rule", paramLabel = "RULE", description = "Add a rule to the cgroup allowed devices list")
    List<String> deviceCgroupRules = new ArrayList<>();

    @Option(names = "--pid", paramLabel = "MODE", description = "PID namespace to use")
    String pidMode = "";

    @Option(names = "--ipc", paramLabel = "MODE", description = "IPC mode to use")
    String ipcMode = "";

    @Option(names = "--uts", paramLabel = "MODE", description = "UTS namespace to use")
    String utsMode = "";

    @Option(names = "--cgroupns", paramLabel = "MODE", description = "Cgroup namespace to use (host|private)")
    String cgroupnsMode = "";

    @Option(names = "--read-only", description = "Mount the container's root filesystem as read only")
    boolean readOnly;

    @Option(names = {"-v", "--volume"}, paramLabel = "[SOURCE:]TARGET[:MODE]", description = "Bind mount a host path or mount a volume")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "type=TYPE,...", description = "Attach a file system mount to the container")
    List<String> mountSpecs = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "PATH[:OPTIONS]", description = "Mount a tmpfs directory")
    List<String> tmpfs = new ArrayList<>();
    @Mixin
    RunLimitOptions limits;

    @Option(names = "--restart", paramLabel = "POLICY", defaultValue = "no",
            description = "Restart policy to apply when a container exits: no, on-failure[:max-retries], always, unless-stopped (default ${DEFAULT-VALUE})")
    String restart;

    @Option(names = "--platform", paramLabel = "PLATFORM", description = "Set platform (jocker runs its host's only)")
    String platform;

    @Option(names = "--stop-signal", paramLabel = "SIGNAL", description = "Signal to stop the container")
    String stopSignal;

    @Option(names = "--stop-timeout", paramLabel = "SECONDS", description = "Timeout (in seconds) to stop a container")
    Integer stopTimeout;

    @Option(names = "--init", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Run an init inside the container that forwards signals and reaps processes")
    Boolean init;

    @Option(names = {"--network", "--net"}, paramLabel = "NETWORK",
            description = "Connect a container to a network: bridge (default), none, host, container:NAME|ID or a network's name")
    String network;

    @Option(names = "--ip", paramLabel = "IPV4", description = "IPv4 address (e.g., 172.30.100.104)")
    String ip;

    @Option(names = "--network-alias", paramLabel = "ALIAS", description = "Add network-scoped alias for the container")
    List<String> networkAliases = new ArrayList<>();

    @Option(names = "--mac-address", paramLabel = "MAC", description = "Container MAC address (e.g., 92:d0:c6:0a:29:33)")
    String macAddress;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOSTPORT:]PORT[/PROTO]", description = "Publish a container's port(s) to the host")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random ports")
    boolean publishAll;

    @Option(names = "--expose", paramLabel = "PORT[/PROTO]", description = "Expose a port or a range of ports")
    List<String> expose = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "IP", description = "Set custom DNS servers")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dns-search", paramLabel = "DOMAIN", description = "Set custom DNS search domains")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = {"--dns-option", "--dns-opt"}, paramLabel = "OPTION", description = "Set DNS options")
    List<String> dnsOptions = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "HOST:IP", description = "Add a custom host-to-IP mapping (host:ip; ip may be host-gateway)")
    List<String> addHosts = new ArrayList<>();

    @Option(names = "--pull", paramLabel = "POLICY", description = "Pull image before running (\"always\", \"missing\", \"never\")")
    String pull = "missing";

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to run")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    /**
     * The request with the limit flags parsed and checked against {@code host}; Docker's warnings
     * go to {@code err}. {@code detached} is {@code run -d}: as in Docker, only a container whose
     * creator attaches to it ({@code run -i}, {@code create -i} for {@code start -ai}) has its
     * stdin closed when that client's input ends; a detached one keeps it open for every attach.
     */
    /** {@code --pull}, once the request is known to be valid: the image, pulled as the policy says. */
    void pullImage(JockerCommand jocker, PrintWriter err) {
        Pulls.beforeCreate(jocker, image, pull, platform, err);
    }

    CreateRequest request(Host host, PrintWriter err, Caller caller, boolean detached) throws InvalidResourceException {
        Resources resources = limits.parseForCreate(host, err).resources();
        try {
            return request(resources, caller, detached);
        } catch (InvalidRequestException e) {
            throw new InvalidOptionException(e);
        }
    }

    private CreateRequest request(Resources resources, Caller caller, boolean detached) {
        Platforms.requireHost(platform);
        Pulls.checkPolicy(pull);
        if (stopSignal != null && !stopSignal.isEmpty()) {
            Signals.parse(stopSignal);
        }
        if (hostname != null && hostname.isEmpty()) {
            throw new InvalidRequestException("invalid hostname: empty");
        }
        RestartPolicy restartPolicy = RestartPolicies.parse(restart);
        if (autoRemove && !restartPolicy.name().equals("no")) {
            throw new InvalidRequestException("Conflicting options: --restart and --rm");
        }
        List<String> environment = EnvFiles.entries(envFiles.stream().map(caller::resolve).toList(), env, caller.environment());
        String networkMode = network != null ? network : caller.environment().get(ContainerNetworking.DEFAULT_NETWORK_ENV);
        HostConfig hostConfig = HostConfig.builder()
                .autoRemove(autoRemove)
                .privileged(privileged)
                .readonlyRootfs(readOnly)
                .resources(resources)
                .mounts(mounts(caller.workingDir()))
                .restartPolicy(restartPolicy)
                .init(init)
                .securityOpt(SecurityOpts.read(securityOpts, caller::resolve))
                .networkMode(networkMode == null ? "" : networkMode)
                .portBindings(publish.stream().flatMap(spec -> PortSpecs.publish(spec).stream()).toList())
                .publishAllPorts(publishAll)
                .dns(dns)
                .dnsSearch(dnsSearch)
                .dnsOptions(dnsOptions)
                .extraHosts(addHosts)
                .capAdd(capAdd)
                .capDrop(capDrop)
                .ulimits(UlimitFlags.parse(ulimits))
                .oomScoreAdj(oomScoreAdj)
                .groupAdd(groupAdd)
                .sysctls(Sysctls.parseFlags(sysctls))
                .devices(devices.stream().map(ContainerDevices::parseFlag).toList())
                .deviceCgroupRules(deviceCgroupRules.stream().map(ContainerDevices::parseRuleFlag).toList())
                .pidMode(pidMode)
                .ipcMode(ipcMode)
                .utsMode(utsMode)
                .cgroupnsMode(cgroupnsMode)
                .build();
        return CreateRequest.builder()
                .image(image)
                .command(command)
                .entrypoint(entrypoint)
                .env(environment)
                .workingDir(workingDir)
                .hostname(hostname)
                .user(user)
                .name(name)
                .tty(tty)
                .openStdin(interactive)
                .stdinOnce(interactive && !detached)
                .labels(Labels.of(labelFiles.stream().map(caller::resolve).toList(), labels))
                .stopSignal(stopSignal)
                .stopTimeout(stopTimeout)
                .exposedPorts(expose.stream().flatMap(spec -> PortSpecs.expose(spec).stream()).toList())
                .hostConfig(hostConfig)
                .ipv4Address(ip)
                .networkAliases(networkAliases)
                .macAddress(macAddress)
                .build();
    }

    private List<Mount> mounts(Path workingDir) {
        List<Mount> mounts = new ArrayList<>();
        volumes.stream().map(spec -> MountSpecs.volumeFlag(spec, workingDir)).forEach(mounts::add);
        mountSpecs.stream().map(spec -> MountSpecs.mountFlag(spec, workingDir)).forEach(mounts::add);
        tmpfs.stream().map(MountSpecs::tmpfsFlag).forEach(mounts::add);
        return mounts;
    }
}
