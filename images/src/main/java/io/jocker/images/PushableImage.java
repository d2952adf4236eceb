package io.jocker.images;

import java.util.List;

/**
 * A stored image as a push needs it.
 *
 * @param config the config bytes, whose digest is the image id
 * @param layers its layers, lowest first
 */
public record PushableImage(String id, byte[] config, List<LayerRecord> layers) {

    public PushableImage {
        layers = List.copyOf(layers);
    }
}
