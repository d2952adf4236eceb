package io.jocker.engine.container;

import io.jocker.images.ContainerUsage;
import java.util.List;

/** The image store as containers see it: the image a new container runs, the layers an existing one stands on. */
public interface ImageResolver {

    /**
     * The image for a reference ({@code name[:tag]}, an id or a unique id prefix).
     *
     * @throws io.jocker.engine.base.EngineException {@code Unable to find image 'x:latest' locally} when absent
     */
    ContainerImage resolve(String reference);

    /** The layers (lowest first) of the image a container was created from, even one deleted since ({@code rmi -f}). */
    List<String> layersOf(String imageId);

    /** After a container went: frees the layers of deleted images that no container uses any more, if the store is free now. */
    void releaseUnused(ContainerUsage usage);

}
