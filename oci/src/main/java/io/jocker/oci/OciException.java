package io.jocker.oci;

/** A request the runtime refuses or cannot carry out; its message is one line for the user. */
class OciException extends Exception {

    OciException(String message) {
        super(message);
    }

    OciException(String message, Throwable cause) {
        super(message, cause);
    }
}
