package io.jocker.engine.container;

import io.jocker.engine.base.EngineException;
import io.jocker.images.ContainerUsage;
import io.jocker.images.ImageException;
import io.jocker.images.ImageStore;
import io.jocker.images.ResolvedImage;
import io.jocker.images.RunConfig;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Resolves a container's image through the image store of the selected storage driver. */
public final class ImageStoreResolver implements ImageResolver {

    private final Provider<ImageStore> images;

    @Inject
    public ImageStoreResolver(Provider<ImageStore> images) {
        this.images = images;
    }

    @Override
    public ContainerImage resolve(String reference) {
        ResolvedImage image;
        try {
            image = images.get().resolve(reference);
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        RunConfig c = image.config().config() == null ? RunConfig.EMPTY : image.config().config();
        return new ContainerImage(image.id(), image.layerIds(), orEmpty(c.env()), orEmpty(c.cmd()),
                orEmpty(c.entrypoint()), c.workingDir() == null ? "" : c.workingDir(), c.user() == null ? "" : c.user(),
                c.labels() == null ? Map.of() : c.labels(), c.exposedPortKeys());
    }

    @Override
    public List<String> layersOf(String imageId) {
        try {
            return images.get().layersOf(imageId);
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void releaseUnused(ContainerUsage usage) {
        try {
            images.get().releaseHeldIfFree(usage);
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
