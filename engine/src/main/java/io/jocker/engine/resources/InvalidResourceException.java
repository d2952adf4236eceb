package io.jocker.engine.resources;

/** A resource flag is malformed or not allowed on this host; the CLI reports it and exits 125. */
public class InvalidResourceException extends Exception {

    public InvalidResourceException(String message) {
        super(message);
    }
}
