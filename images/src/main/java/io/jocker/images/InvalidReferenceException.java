package io.jocker.images;

/** An image name or tag that does not follow Docker's reference grammar. */
public final class InvalidReferenceException extends ImageException {

    public InvalidReferenceException(String message) {
        super(message);
    }
}
