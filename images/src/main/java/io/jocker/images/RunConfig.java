package io.jocker.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code config} part of an image configuration: how a container of the image runs by default. Absent is null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunConfig(
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("User") String user,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts) {

    public static final RunConfig EMPTY = new RunConfig(null, null, null, null, null, null, null);

    public RunConfig {
        cmd = cmd == null ? null : List.copyOf(cmd);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        env = env == null ? null : List.copyOf(env);
        labels = labels == null ? null : Map.copyOf(labels);
        exposedPorts = exposedPorts == null ? null : Collections.unmodifiableMap(new TreeMap<>(exposedPorts));
    }

    /** The exposed ports' keys as the image has them ({@code 80/tcp}), unchecked. */
    public List<String> exposedPortKeys() {
        return exposedPorts == null ? List.of() : List.copyOf(exposedPorts.keySet());
    }
}
