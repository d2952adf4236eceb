package io.jocker.seccomp;

/** A seccomp profile that cannot be read or compiled; the message says why, in one line. */
public final class SeccompProfileException extends Exception {

    public SeccompProfileException(String message) {
        super(message);
    }

    public SeccompProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
