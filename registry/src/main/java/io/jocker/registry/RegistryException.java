package io.jocker.registry;

import io.jocker.images.ImageException;

/** A registry refused a request, could not be reached, or served something that is not what it claims. */
public class RegistryException extends ImageException {

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
