package io.jocker.engine.image;

import java.time.Instant;

/**
 * One line of {@code docker images}; an untagged image shows {@code <none>} as repository and tag.
 *
 * @param id the full image id, {@code sha256:<hex>}
 * @param size bytes of the image's uncompressed layers
 */
public record ImageSummary(String repository, String tag, String id, Instant created, long size) {

    public static final String NONE = "<none>";
}
