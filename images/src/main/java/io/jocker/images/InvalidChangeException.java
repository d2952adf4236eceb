package io.jocker.images;

/** A {@code --change} instruction that cannot be applied. */
public final class InvalidChangeException extends ImageException {

    public InvalidChangeException(String message) {
        super(message);
    }
}
