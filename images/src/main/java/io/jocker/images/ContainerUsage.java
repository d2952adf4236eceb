package io.jocker.images;

import java.io.IOException;
import java.util.Optional;

/** Tells the image store whether a container uses an image, so that removal can refuse. */
@FunctionalInterface
public interface ContainerUsage {

    ContainerUsage NONE = imageId -> Optional.empty();

    /** The id of a container created from {@code imageId}, if any. */
    Optional<String> containerUsing(String imageId) throws IOException;
}
