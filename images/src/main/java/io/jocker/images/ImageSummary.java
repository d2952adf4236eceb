package io.jocker.images;

import java.time.Instant;
import java.util.Map;

/**
 * One line of {@code docker images}; an untagged image shows {@code <none>} as repository and tag.
 *
 * @param id the full image id, {@code sha256:<hex>}
 * @param size bytes of the files of the image's layers ({@link LayerContentSize}), each layer counted once
 * @param sharedSize the part of {@code size} in layers that other images use too
 * @param labels the image's labels ({@code LABEL})
 * @param digest the digest of the manifest this repository's image was pulled by ({@code images --digests}), or {@link #NONE}
 */
public record ImageSummary(String repository, String tag, String id, Instant created, long size, long sharedSize,
        Map<String, String> labels, String digest) {

    public ImageSummary {
        labels = Map.copyOf(labels);
    }

    /** A line without a digest: an image that was not pulled. */
    public ImageSummary(String repository, String tag, String id, Instant created, long size, long sharedSize,
            Map<String, String> labels) {
        this(repository, tag, id, created, size, sharedSize, labels, NONE);
    }

    /** Docker's dangling image: one without a tag. */
    public boolean dangling() {
        return repository.equals(NONE);
    }

    /** Bytes only this image uses: what removing it would free. */
    public long uniqueSize() {
        return size - sharedSize;
    }

    public static final String NONE = "<none>";
}
