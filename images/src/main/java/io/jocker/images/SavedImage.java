package io.jocker.images;

import java.util.List;

/**
 * One image to write into a {@code save} archive.
 *
 * @param config the stored config bytes, whose sha256 is {@code id}
 * @param layers its layers, lowest first
 * @param references the tags to record, empty when the image was named by id
 */
record SavedImage(String id, byte[] config, List<LayerRecord> layers, List<Reference> references) {

    SavedImage {
        layers = List.copyOf(layers);
        references = List.copyOf(references);
    }
}
