package io.jocker.images;

/** An image cannot be removed without force, for example because a container uses it. */
public final class ImageConflictException extends ImageException {

    public ImageConflictException(String message) {
        super(message);
    }
}
