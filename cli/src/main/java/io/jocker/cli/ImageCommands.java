package io.jocker.cli;

import io.jocker.engine.Containers;
import io.jocker.engine.base.EngineException;
import io.jocker.images.ImageException;
import io.jocker.images.ImageStore;
import java.io.IOException;

/** Shared plumbing of the image commands: the store, and its checked errors as one-line engine errors. */
final class ImageCommands {

    private ImageCommands() {}

    interface ImageCall<T> {
        T call(ImageStore store) throws IOException, ImageException;
    }

    static <T> T withStore(JockerCommand jocker, ImageCall<T> call) {
        try {
            return call.call(jocker.engine().images());
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (IOException e) {
            throw new EngineException(EngineException.messageOf(e), e);
        }
    }

    static Containers containers(JockerCommand jocker) {
        return jocker.engine().containers();
    }
}
