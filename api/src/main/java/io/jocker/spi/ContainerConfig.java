package io.jocker.spi;

import java.util.List;
import java.util.Map;

/**
 * What runs inside a container, in the shape of Docker's {@code Config}.
 *
 * <p>Build one with {@link #builder()} (or change one with {@link #toBuilder()}): the SPI may add
 * fields, which adds builder methods, while the canonical constructor's arguments change.
 *
 * @param hostname the UTS host name
 * @param user the user as given ({@code uid[:gid]} or a name), empty for the image's
 * @param env {@code KEY=VALUE} entries: the image's, then {@code -e}
 * @param cmd the command
 * @param entrypoint the entrypoint
 * @param workingDir the working directory, empty for {@code /}
 * @param tty a pseudo-terminal was requested
 * @param openStdin stdin is kept open
 * @param stdinOnce stdin closes when the first client attached to it ends its input (Docker sets this for
 *     {@code -i} unless detached)
 * @param labels user labels
 * @param stopSignal the signal that stops it ({@code --stop-signal}) as given, empty for SIGTERM
 * @param stopTimeout seconds {@code stop} waits before SIGKILL ({@code --stop-timeout}), null for 10; negative waits for ever
 * @param exposedPorts ports the container exposes ({@code 80/tcp}): the image's and {@code --expose}, for {@code -P}
 */
public record ContainerConfig(
        String hostname,
        String user,
        List<String> env,
        List<String> cmd,
        List<String> entrypoint,
        String workingDir,
        boolean tty,
        boolean openStdin,
        boolean stdinOnce,
        Map<String, String> labels,
        String stopSignal,
        Integer stopTimeout,
        List<String> exposedPorts) {

    public ContainerConfig {
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
        env = List.copyOf(env);
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        labels = Map.copyOf(labels);
        // A container recorded before these were kept has neither.
        stopSignal = stopSignal == null ? "" : stopSignal;
    }

    /** A builder with every field at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields. */
    public Builder toBuilder() {
        return new Builder()
                .hostname(hostname)
                .user(user)
                .env(env)
                .cmd(cmd)
                .entrypoint(entrypoint)
                .workingDir(workingDir)
                .tty(tty)
                .openStdin(openStdin)
                .stdinOnce(stdinOnce)
                .labels(labels)
                .stopSignal(stopSignal)
                .stopTimeout(stopTimeout)
                .exposedPorts(exposedPorts);
    }

    /** Builds a {@link ContainerConfig}; the SPI may add fields, which adds methods here. */
    public static final class Builder {
        private String hostname = "";
        private String user = "";
        private List<String> env = List.of();
        private List<String> cmd = List.of();
        private List<String> entrypoint = List.of();
        private String workingDir = "";
        private boolean tty;
        private boolean openStdin;
        private boolean stdinOnce;
        private Map<String, String> labels = Map.of();
        private String stopSignal = "";
        private Integer stopTimeout;

        private List<String> exposedPorts = List.of();

        private Builder() {}

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder env(List<String> env) {
            this.env = env;
            return this;
        }

        public Builder cmd(List<String> cmd) {
            this.cmd = cmd;
            return this;
        }

        public Builder entrypoint(List<String> entrypoint) {
            this.entrypoint = entrypoint;
            return this;
        }

        public Builder workingDir(String workingDir) {
            this.workingDir = workingDir;
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

        public ContainerConfig build() {
            return new ContainerConfig(hostname, user, env, cmd, entrypoint, workingDir, tty, openStdin, stdinOnce,
                labels, stopSignal, stopTimeout, exposedPorts);
        }
    }
}
