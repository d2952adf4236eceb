package io.jocker.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An OCI image configuration, as stored and hashed into the image id.
 *
 * @param created RFC 3339 time of creation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfig(
        String architecture, RunConfig config, String created, List<History> history, String os, RootFs rootfs) {

    public ImageConfig {
        history = history == null ? List.of() : List.copyOf(history);
    }
}
