package io.jocker.images;

import java.util.Map;

/** Where the store reports what it changed, as Docker's image events; the engine writes them to its event log. */
public interface ImageEvents {

    /** Reports nothing: for a store used on its own. */
    ImageEvents NONE = new ImageEvents() {
        @Override
        public void image(String imageId, String name, Map<String, String> labels, String action) {}

        @Override
        public void pruned(long reclaimedBytes) {}
    };

    /** An image's event ({@code import}, {@code tag}, {@code untag}, {@code delete}, ...): {@code name} is a tag, or the id where Docker names none. */
    void image(String imageId, String name, Map<String, String> labels, String action);

    /** What an {@code image prune} reclaimed. */
    void pruned(long reclaimedBytes);
}
