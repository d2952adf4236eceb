package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.images.ImageName;
import io.jocker.images.InvalidReferenceException;
import io.jocker.registry.RegistryClient;

/** The caller's Docker client configuration, and the registries it opens credentials for. */
final class Logins {

    private Logins() {}

    /** The registries with the caller's Docker client configuration and the host's registry settings. */
    static RegistryClient client(JockerCommand jocker) {
        return ImageCommands.withStore(jocker, store -> jocker.engine().registries().client(jocker.caller().environment()));
    }

    /**
     * {@code docker login}'s SERVER as a registry, {@code host[:port]}: Docker Hub when not given;
     * a scheme and a path, as older clients wrote them, are dropped.
     */
    static String registry(String server) {
        if (server == null || server.isEmpty()) {
            return ImageName.DOCKER_HUB;
        }
        String host = server.replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/.*$", "");
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io") || host.equals(ImageName.DOCKER_HUB)) {
            return ImageName.DOCKER_HUB;
        }
        // The name becomes a path under certs.d and a key in config.json: only a reference's domain will do.
        String domain;
        try {
            domain = ImageName.parse(host + "/x").domain();
        } catch (InvalidReferenceException e) {
            domain = "";
        }
        if (!domain.equals(host)) {
            throw new InvalidOptionException(new InvalidRequestException("invalid registry \"" + server + "\""));
        }
        return host;
    }
}
