package io.jocker.engine.container;

import io.jocker.spi.Mount;
import io.jocker.spi.Resources;
import io.jocker.spi.RestartPolicy;
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
        List<String> securityOpt) {

    public CreateRequest {
        command = List.copyOf(command);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
        securityOpt = List.copyOf(securityOpt);
    }

    /** A request without {@code --stop-signal}, {@code --stop-timeout}, {@code --init} or {@code --security-opt}. */
    public CreateRequest(String image, List<String> command, String entrypoint, List<String> env, String workingDir,
            String hostname, String user, String name, boolean tty, boolean openStdin, boolean stdinOnce, boolean autoRemove,
            boolean privileged, boolean readOnlyRootfs, Resources resources, List<Mount> mounts, RestartPolicy restartPolicy,
            Map<String, String> labels) {
        this(image, command, entrypoint, env, workingDir, hostname, user, name, tty, openStdin, stdinOnce, autoRemove,
                privileged, readOnlyRootfs, resources, mounts, restartPolicy, labels, null, null, null, List.of());
    }

    /** A plain request: image and command, nothing else set. */
    public static CreateRequest of(String image, String... command) {
        return new CreateRequest(image, List.of(command), null, List.of(), null, null, null, null, false, false,
                false, false, false, false, Resources.none(), List.of(), RestartPolicy.NO, Map.of());
    }
}
