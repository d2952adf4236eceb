package io.jocker.images;

import java.util.List;

/**
 * An image ready for {@code run}: its id, its config and the storage driver's layer ids.
 *
 * @param layerIds the chain ids of its layers, lowest first, as {@code StorageDriver.createContainer} takes them
 */
public record ResolvedImage(String id, ImageConfig config, List<String> layerIds) {

    public ResolvedImage {
        layerIds = List.copyOf(layerIds);
    }
}
