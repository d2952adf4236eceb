package io.jocker.engine.container;

/** Finds the image a new container runs; the image store implements it. */
public interface ImageResolver {

    /**
     * The image for a reference ({@code name[:tag]}, an id or a unique id prefix).
     *
     * @throws io.jocker.engine.base.EngineException {@code Unable to find image 'x:latest' locally} when absent
     */
    ContainerImage resolve(String reference);

}
