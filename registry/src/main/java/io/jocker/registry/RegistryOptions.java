package io.jocker.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How jocker reaches registries, as Docker's daemon.json configures it.
 *
 * @param insecureRegistries registries ({@code host[:port]}) that may be reached over plain HTTP or
 *     unverified TLS; as in Docker, {@code localhost} and loopback addresses always may
 * @param certsDir Docker's {@code /etc/docker/certs.d}: {@code <host[:port]>/*.crt} are CAs trusted for that registry
 * @param mirrors registry mirrors for Docker Hub ({@code https://host[:port]}), tried in order before it
 * @param maxConcurrentDownloads how many layers a pull fetches at once (Docker's default is 3)
 * @param maxConcurrentUploads how many layers a push sends at once (Docker's default is 5)
 */
public record RegistryOptions(Set<String> insecureRegistries, Path certsDir, List<String> mirrors, int maxConcurrentDownloads,
        int maxConcurrentUploads) {

    public static final Path DOCKER_CERTS_DIR = Path.of("/etc/docker/certs.d");

    public RegistryOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        mirrors = List.copyOf(mirrors);
        if (maxConcurrentDownloads < 1) {
            throw new IllegalArgumentException("maxConcurrentDownloads must be at least 1");
        }
        if (maxConcurrentUploads < 1) {
            throw new IllegalArgumentException("maxConcurrentUploads must be at least 1");
        }
    }

    /** Docker's daemon configuration, whose registry settings jocker shares. */
    public static final Path DOCKER_DAEMON_JSON = Path.of("/etc/docker/daemon.json");

    public static RegistryOptions defaults() {
        return new RegistryOptions(Set.of(), DOCKER_CERTS_DIR, List.of(), 3, 5);
    }

    /**
     * The registry settings of Docker's {@code daemon.json} ({@code insecure-registries}, {@code
     * registry-mirrors}, {@code max-concurrent-downloads}, {@code max-concurrent-uploads}), so that a host configured for Docker
     * is configured for jocker; the defaults where the file or a key is missing.
     */
    public static RegistryOptions load(Path daemonJson, ObjectMapper mapper) throws IOException {
        if (!Files.isRegularFile(daemonJson)) {
            return defaults();
        }
        JsonNode json;
        try {
            json = mapper.readTree(Files.readAllBytes(daemonJson));
        } catch (JsonProcessingException e) {
            throw new IOException(daemonJson + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Set<String> insecure = new HashSet<>();
        json.path("insecure-registries").forEach(r -> insecure.add(r.asText().replaceFirst("^https?://", "").replaceFirst("/+$", "")));
        List<String> mirrors = new ArrayList<>();
        for (JsonNode mirror : json.path("registry-mirrors")) {
            String uri = mirror.asText();
            if (!uri.startsWith("https://") && !uri.startsWith("http://")) {
                throw new IOException(daemonJson + ": invalid mirror: \"" + uri + "\" is not a valid URI: it must start with http:// or https://");
            }
            mirrors.add(uri);
        }
        int downloads = json.path("max-concurrent-downloads").asInt(3);
        int uploads = json.path("max-concurrent-uploads").asInt(5);
        return new RegistryOptions(insecure, DOCKER_CERTS_DIR, mirrors, Math.max(1, downloads), Math.max(1, uploads));
    }

    /** These options with CAs for registries in {@code dir} ({@code <host[:port]>/*.crt}) instead. */
    public RegistryOptions withCertsDir(Path dir) {
        return new RegistryOptions(insecureRegistries, dir, mirrors, maxConcurrentDownloads, maxConcurrentUploads);
    }

    /** Docker's rule: listed as insecure, or on a loopback address ({@code localhost}, 127.0.0.0/8, ::1). */
    boolean isInsecure(String registry) {
        if (insecureRegistries.contains(registry)) {
            return true;
        }
        String host = hostOf(registry);
        return host.equals("localhost") || host.matches("127(\\.[0-9]{1,3}){3}") || host.equals("[::1]");
    }

    /** {@code host} of {@code host[:port]}, brackets kept for IPv6. */
    static String hostOf(String registry) {
        if (registry.startsWith("[")) {
            return registry.substring(0, registry.indexOf(']') + 1);
        }
        int colon = registry.lastIndexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }
}
