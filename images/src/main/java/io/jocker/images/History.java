package io.jocker.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One step of an image's history.
 *
 * @param emptyLayer true when the step added no layer (then it has no diff id in {@code rootfs}); null means false
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record History(
        String created,
        @JsonProperty("created_by") String createdBy,
        String comment,
        @JsonProperty("empty_layer") Boolean emptyLayer) {

    public History(String created, String createdBy, String comment) {
        this(created, createdBy, comment, null);
    }

    public boolean isEmptyLayer() {
        return Boolean.TRUE.equals(emptyLayer);
    }
}
