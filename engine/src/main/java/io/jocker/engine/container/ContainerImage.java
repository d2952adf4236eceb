package io.jocker.engine.container;

import java.util.List;
import java.util.Map;

/**
 * What a container needs from its image.
 *
 * @param id the image id ({@code sha256:...})
 * @param layers storage layer ids, lowest first
 * @param env the image's environment
 * @param cmd the image's command
 * @param entrypoint the image's entrypoint
 * @param workingDir the image's working directory, empty for none
 * @param user the image's user, empty for root
 * @param labels the image's labels, which a container inherits
 * @param exposedPorts the image's exposed ports' keys ({@code 80/tcp}) as the image has them, unchecked
 */
public record ContainerImage(
        String id, List<String> layers, List<String> env, List<String> cmd, List<String> entrypoint,
        String workingDir, String user, Map<String, String> labels, List<String> exposedPorts) {

    public ContainerImage {
        layers = List.copyOf(layers);
        env = List.copyOf(env);
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        labels = Map.copyOf(labels);
        exposedPorts = List.copyOf(exposedPorts);
    }
}
