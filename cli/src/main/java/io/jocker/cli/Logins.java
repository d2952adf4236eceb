package io.jocker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.images.ImageName;
import io.jocker.images.InvalidReferenceException;
import io.jocker.registry.DockerConfig;
import io.jocker.registry.Registries;
import io.jocker.registry.RegistryOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The caller's Docker client configuration, and the registries it opens credentials for. */
final class Logins {

    private Logins() {}

    /** The caller's config.json, with the helpers on the caller's PATH. */
    static DockerConfig config(JockerCommand jocker) {
        var environment = jocker.caller().environment();
        List<Path> path = Arrays.stream(environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(Path::of).toList();
        return new DockerConfig(DockerConfig.location(environment), path, jocker.engine().service(ObjectMapper.class));
    }

    /** The registries with Docker's settings for them ({@code /etc/docker/daemon.json}) and the caller's credentials. */
    static Registries registries(JockerCommand jocker) {
        ObjectMapper mapper = jocker.engine().service(ObjectMapper.class);
        RegistryOptions options;
        try {
            options = RegistryOptions.load(RegistryOptions.DOCKER_DAEMON_JSON, mapper);
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        return new Registries(options, config(jocker), mapper);
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
