package io.jocker.images;

/** A request the image store refuses; the message is meant for the user, in Docker's wording where Docker has one. */
public class ImageException extends Exception {

    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
