package io.jocker.engine.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/**
 * A local volume, in the shape {@code docker volume inspect} prints.
 *
 * @param createdAt when it was created
 * @param driver always {@code local}
 * @param labels user labels; anonymous volumes carry {@link #ANONYMOUS_LABEL}
 * @param mountpoint the host directory holding its data ({@code <root>/volumes/<name>/_data})
 * @param name its name
 * @param options driver options (none for the local driver as jocker runs it)
 * @param scope always {@code local}
 */
@JsonPropertyOrder({"CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"})
public record Volume(
        @JsonProperty("CreatedAt") Instant createdAt,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("Name") String name,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Scope") String scope) {

    /** The label Docker puts on volumes made for {@code -v /path}; {@code rm -v} removes only those. */
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

    public Volume {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public boolean anonymous() {
        return labels.containsKey(ANONYMOUS_LABEL);
    }
}
