package io.jocker.images;

import java.io.IOException;
import java.util.Optional;

/** Tells the image store whether a container uses an image, so that removal can refuse. */
@FunctionalInterface
public interface ContainerUsage {

    ContainerUsage NONE = imageId -> Optional.empty();

    /**
     * A container that uses an image, and whether it runs (Docker's {@code IsRunning}: running,
     * paused or restarting), which no force overrides.
     *
     * @param id the container's id
     * @param running whether it runs
     */
    record User(String id, boolean running) {}

    /** A container created from {@code imageId}, a running one if there is any. */
    Optional<User> containerUsing(String imageId) throws IOException;
}
