package io.jocker.images;

/** Input that is neither a tar nor a compressed tar, refused before anything was unpacked. */
public final class NotATarException extends InvalidArchiveException {

    public NotATarException(String message, Throwable cause) {
        super(message, cause);
    }
}
