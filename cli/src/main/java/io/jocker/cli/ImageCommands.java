package io.jocker.cli;

import io.jocker.engine.EngineException;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.image.ImageException;
import io.jocker.engine.image.ImageStore;
import java.io.IOException;

/** Shared plumbing of the image commands: the store, and its checked errors as one-line engine errors. */
final class ImageCommands {

    private ImageCommands() {}

    interface ImageCall<T> {
        T call(ImageStore store) throws IOException, ImageException;
    }

    static <T> T withStore(JockerCommand jocker, ImageCall<T> call) {
        try {
            return call.call(jocker.engine().service(ImageStore.class));
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (IOException e) {
            throw new EngineException(EngineException.messageOf(e), e);
        }
    }

    static ContainerService containers(JockerCommand jocker) {
        return jocker.engine().service(ContainerService.class);
    }
}
