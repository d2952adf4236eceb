package io.jocker.registry;

import java.io.IOException;
import java.util.Optional;

/** Where the client finds credentials for a registry: Docker's config.json and its helpers, or nothing. */
public interface CredentialSource {

    CredentialSource NONE = registry -> Optional.empty();

    /**
     * The credentials for {@code registry} ({@code host[:port]}, as in a reference; Docker Hub as
     * {@code docker.io}).
     */
    Optional<Credentials> find(String registry) throws IOException;
}
