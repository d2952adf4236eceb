package io.jocker.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.images.ImageException;
import io.jocker.images.ImageName;
import io.jocker.images.ImageStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one caller does with registries: pull, push, log in and out, with the caller's Docker client
 * configuration ({@code $DOCKER_CONFIG}, {@code $HOME}, credential helpers on its {@code PATH}) and
 * the host's registry settings ({@code /etc/docker/daemon.json}, {@code /etc/docker/certs.d}).
 */
public final class RegistryClient {

    /** Where the caller's environment may point {@code certs.d} elsewhere than Docker's {@code /etc/docker/certs.d}. */
    public static final String CERTS_DIR_ENV = "JOCKER_CERTS_D";
    /** Where the caller's environment may point {@code daemon.json} elsewhere than Docker's {@code /etc/docker/daemon.json}. */
    public static final String DAEMON_JSON_ENV = "JOCKER_DAEMON_JSON";

    private final ImageStore store;
    private final DockerConfig config;
    private final RegistryOptions options;
    private final ObjectMapper mapper;

    public RegistryClient(ImageStore store, DockerConfig config, RegistryOptions options, ObjectMapper mapper) {
        this.store = store;
        this.config = config;
        this.options = options;
        this.mapper = mapper;
    }

    /** The client for a caller with this environment. */
    public static RegistryClient forEnvironment(ImageStore store, Map<String, String> environment, ObjectMapper mapper)
            throws IOException {
        List<Path> path = Arrays.stream(environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(Path::of).toList();
        DockerConfig config = new DockerConfig(DockerConfig.location(environment), path, mapper);
        Path daemonJson = pathOr(environment, DAEMON_JSON_ENV, RegistryOptions.DOCKER_DAEMON_JSON);
        RegistryOptions options = RegistryOptions.load(daemonJson, mapper)
                .withCertsDir(pathOr(environment, CERTS_DIR_ENV, RegistryOptions.DOCKER_CERTS_DIR));
        return new RegistryClient(store, config, options, mapper);
    }

    private static Path pathOr(Map<String, String> environment, String variable, Path fallback) {
        String value = environment.get(variable);
        return value == null || value.isEmpty() ? fallback : Path.of(value);
    }

    /** {@code docker pull NAME}: {@code latest} when it has neither tag nor digest. */
    public PullResult pull(ImageName name, Platform platform, PullProgress progress) throws IOException, ImageException {
        try (RegistryClients connections = connections()) {
            return new ImagePuller(store, connections, mapper, progress).pull(name, platform);
        }
    }

    /** {@code docker pull -a NAME}: every tag of the repository. */
    public List<PullResult> pullAllTags(ImageName name, Platform platform, PullProgress progress) throws IOException, ImageException {
        try (RegistryClients connections = connections()) {
            return new ImagePuller(store, connections, mapper, progress).pullAllTags(name, platform);
        }
    }

    /** {@code docker push NAME}; returns the manifest's digest. */
    public String push(ImageName name, PullProgress progress) throws IOException, ImageException {
        try (RegistryClients connections = connections()) {
            return new ImagePusher(store, connections, mapper, progress).push(name);
        }
    }

    /** {@code docker login}: checks the credentials with the registry, then records them. */
    public void login(String registry, Credentials credentials) throws IOException, ImageException {
        try (RegistryClients connections = connections()) {
            connections.checkLogin(registry, credentials);
        }
        config.store(registry, credentials);
    }

    /** {@code docker logout}: false when there was nothing to remove. */
    public boolean logout(String registry) throws IOException {
        return config.remove(registry);
    }

    private RegistryClients connections() {
        return new RegistryClients(options, config, mapper);
    }
}
