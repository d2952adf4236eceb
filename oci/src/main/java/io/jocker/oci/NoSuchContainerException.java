package io.jocker.oci;

/** The runtime's root has no container of that id. */
final class NoSuchContainerException extends OciException {

    NoSuchContainerException(String id) {
        super("container does not exist: " + id);
    }
}
