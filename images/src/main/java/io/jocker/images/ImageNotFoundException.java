package io.jocker.images;

/** No image matches a name, tag, id or id prefix. */
public final class ImageNotFoundException extends ImageException {

    public ImageNotFoundException(String message) {
        super(message);
    }
}
