package io.jocker.engine.container;

import io.jocker.spi.HostConfig;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What {@code create} and {@code run} were asked for, in the shape of Docker's create request:
 * what runs inside, as given, and a {@link HostConfig} as given.
 *
 * <p>The host config is the caller's, not yet checked or resolved: {@code create} validates it,
 * normalises the capabilities, claims the volumes, resolves {@code host-gateway} and the network
 * (an empty {@code networkMode}, this builder's default, is the default network; a host config
 * from {@link HostConfig#builder()} has {@code none} unless told otherwise).
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
 * @param labels {@code --label}
 * @param stopSignal {@code --stop-signal}, null when not given
 * @param stopTimeout {@code --stop-timeout}, null when not given
 * @param exposedPorts {@code --expose}, as {@code PORT/PROTOCOL}
 * @param hostConfig how the host runs it, as asked
 * @param ipv4Address {@code --ip}, null for any free address
 * @param networkAliases {@code --network-alias}
 * @param macAddress {@code --mac-address}, null for one derived from the address
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
        Map<String, String> labels,
        String stopSignal,
        Integer stopTimeout,
        List<String> exposedPorts,
        HostConfig hostConfig,
        String ipv4Address,
        List<String> networkAliases,
        String macAddress) {

    public CreateRequest {
        command = List.copyOf(command);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
        exposedPorts = List.copyOf(exposedPorts);
        networkAliases = List.copyOf(networkAliases);
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
                .labels(labels)
                .stopSignal(stopSignal)
                .stopTimeout(stopTimeout)
                .exposedPorts(exposedPorts)
                .hostConfig(hostConfig)
                .ipv4Address(ipv4Address)
                .networkAliases(networkAliases)
                .macAddress(macAddress);
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
        private Map<String, String> labels = Map.of();
        private String stopSignal;
        private Integer stopTimeout;
        private List<String> exposedPorts = List.of();
        private HostConfig hostConfig = HostConfig.builder().networkMode("").build();
        private String ipv4Address;
        private List<String> networkAliases = List.of();
        private String macAddress;

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

        public Builder exposedPorts(List<String> exposedPorts) {
            this.exposedPorts = exposedPorts;
            return this;
        }

        public Builder hostConfig(HostConfig hostConfig) {
            this.hostConfig = hostConfig;
            return this;
        }

        /** Changes the host config built so far: {@code .host(h -> h.networkMode("none"))}. */
        public Builder host(UnaryOperator<HostConfig.Builder> change) {
            this.hostConfig = change.apply(hostConfig.toBuilder()).build();
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

        public CreateRequest build() {
            return new CreateRequest(image, command, entrypoint, env, workingDir, hostname, user, name, tty, openStdin,
                    stdinOnce, labels, stopSignal, stopTimeout, exposedPorts, hostConfig, ipv4Address, networkAliases,
                    macAddress);
        }
    }
}
