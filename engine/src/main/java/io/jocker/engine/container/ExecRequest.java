package io.jocker.engine.container;

import java.util.List;

/**
 * What {@code exec} was asked for.
 *
 * @param command the command and its arguments
 * @param env {@code -e}/{@code --env-file} entries, added to the container's environment
 * @param workingDir {@code -w}, null for the container's
 * @param user {@code -u}, null for the container's
 * @param tty {@code -t}
 * @param privileged {@code --privileged}
 */
public record ExecRequest(List<String> command, List<String> env, String workingDir, String user, boolean tty,
        boolean privileged) {

    public ExecRequest {
        command = List.copyOf(command);
        env = List.copyOf(env);
    }
}
