package io.jocker.images;

/** A tar archive that cannot be imported safely; the message names the offending entry. */
public class InvalidArchiveException extends ImageException {

    public InvalidArchiveException(String message) {
        super(message);
    }

    public InvalidArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
