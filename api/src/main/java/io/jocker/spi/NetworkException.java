package io.jocker.spi;

/** A network operation failed; the message names the interface, address or rule and what went wrong. */
public class NetworkException extends Exception {

    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
