package io.jocker.images;

import java.io.IOException;

/**
 * A layer unpacked for a pull under a provisional id: not in the store, and invisible to every
 * image, until {@link ImageStore#storePulled} publishes it. Closing it discards it unless it was
 * published.
 */
public final class StagedLayer implements AutoCloseable {

    private final LayerStore layers;
    private final LayerStore.PendingLayer pending;
    private boolean published;

    StagedLayer(LayerStore layers, LayerStore.PendingLayer pending) {
        this.layers = layers;
        this.pending = pending;
    }

    /** The sha256 of the uncompressed layer tar. */
    public String diffId() {
        return pending.diffId();
    }

    LayerStore.PendingLayer pending() {
        return pending;
    }

    void published() {
        published = true;
    }

    @Override
    public void close() throws IOException {
        if (!published) {
            layers.discard(pending);
        }
    }
}
