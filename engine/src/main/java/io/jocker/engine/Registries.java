package io.jocker.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.images.ImageStore;
import io.jocker.registry.RegistryClient;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.util.Map;

/**
 * The registries of an engine, as {@code docker pull}, {@code push}, {@code login} and {@code
 * logout} reach them: the front door for the CLI and programs embedding jocker. The image store
 * and the JSON mapper are built on first use, so that a command that never talks to a registry
 * pays nothing for this.
 */
public final class Registries {

    private final Provider<ImageStore> images;
    private final Provider<ObjectMapper> mapper;

    @Inject
    Registries(Provider<ImageStore> images, Provider<ObjectMapper> mapper) {
        this.images = images;
        this.mapper = mapper;
    }

    /**
     * A client for a caller with this environment: its Docker client configuration ({@code
     * DOCKER_CONFIG}, {@code HOME}), its credential helpers ({@code PATH}), and where it says the
     * registry settings are ({@link RegistryClient#DAEMON_JSON_ENV}, {@link RegistryClient#CERTS_DIR_ENV}).
     */
    public RegistryClient client(Map<String, String> environment) throws IOException {
        return RegistryClient.forEnvironment(images.get(), environment, mapper.get());
    }
}
