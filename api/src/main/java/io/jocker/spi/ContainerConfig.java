package io.jocker.spi;

import java.util.List;
import java.util.Map;

/**
 * What runs inside a container, in the shape of Docker's {@code Config}.
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
        Integer stopTimeout) {

    public ContainerConfig {
        env = List.copyOf(env);
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        labels = Map.copyOf(labels);
        // A container recorded before these were kept has neither.
        stopSignal = stopSignal == null ? "" : stopSignal;
    }

    /** A config with the default stop signal and timeout. */
    public ContainerConfig(String hostname, String user, List<String> env, List<String> cmd, List<String> entrypoint,
            String workingDir, boolean tty, boolean openStdin, boolean stdinOnce, Map<String, String> labels) {
        this(hostname, user, env, cmd, entrypoint, workingDir, tty, openStdin, stdinOnce, labels, "", null);
    }
}
