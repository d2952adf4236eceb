package io.jocker.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registries of one command, each reached through one {@link RegistryTransport}. Built on the
 * JDK's {@code java.net.http}: it needs no new dependency, speaks HTTP/2 (negotiated by ALPN over
 * TLS) and HTTP/1.1, and takes its TLS, proxies and trust store from the JDK.
 */
final class RegistryClients {

    /** Docker Hub's registry, which references name {@code docker.io}. */
    static final String DOCKER_HUB_HOST = "registry-1.docker.io";

    private final RegistryOptions options;
    private final CredentialSource credentials;
    private final ObjectMapper mapper;
    private final Map<String, RegistryTransport> transports = new ConcurrentHashMap<>();

    RegistryClients(RegistryOptions options, CredentialSource credentials, ObjectMapper mapper) {
        this.options = options;
        this.credentials = credentials;
        this.mapper = mapper;
    }

    /** Where {@code registry} may answer: https, then for an insecure registry http; Docker Hub's mirrors first for a pull. */
    private List<URI> candidates(String registry, boolean pull) {
        String host = registry.equals("docker.io") ? DOCKER_HUB_HOST : registry;
        List<URI> candidates = new ArrayList<>();
        if (pull && registry.equals("docker.io")) {
            options.mirrors().forEach(m -> candidates.add(URI.create(m.endsWith("/") ? m : m + "/")));
        }
        candidates.add(URI.create("https://" + host + "/"));
        if (options.isInsecure(registry)) {
            candidates.add(URI.create("http://" + host + "/"));
        }
        return candidates;
    }

    private HttpClient client(String registry) throws IOException {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(TlsContexts.forRegistry(registry, options.isInsecure(registry), options.certsDir()))
                .build();
    }

    RegistryOptions options() {
        return options;
    }

    /** {@code docker login}: whether {@code registry} accepts {@code credentials}; throws with the registry's answer if not. */
    void checkLogin(String registry, Credentials credentials) throws IOException, RegistryException {
        new RegistryTransport(registry, candidates(registry, false), client(registry), r -> Optional.of(credentials), mapper).checkLogin();
    }

    /**
     * The transport to {@code registry} ({@code host[:port]} of a reference); for a pull from Docker
     * Hub, its mirrors come first, as Docker's.
     */
    RegistryTransport transport(String registry, boolean pull) throws IOException {
        String key = registry + (pull ? " pull" : " push");
        RegistryTransport existing = transports.get(key);
        if (existing != null) {
            return existing;
        }
        RegistryTransport transport = new RegistryTransport(registry, candidates(registry, pull), client(registry), credentials, mapper);
        RegistryTransport raced = transports.putIfAbsent(key, transport);
        return raced != null ? raced : transport;
    }
}
