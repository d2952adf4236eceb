package io.jocker.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The registries of one command, each reached through one {@link RegistryTransport}. Built on the
 * JDK's {@code java.net.http}: it needs no new dependency, speaks HTTP/2 (negotiated by ALPN over
 * TLS) and HTTP/1.1, and takes its TLS, proxies and trust store from the JDK. Closing stops the
 * clients' threads ({@link HttpClientShutdown}).
 */
final class RegistryClients implements AutoCloseable {

    /** Docker Hub's registry, which references name {@code docker.io}. */
    static final String DOCKER_HUB_HOST = "registry-1.docker.io";

    private final RegistryOptions options;
    private final CredentialSource credentials;
    private final ObjectMapper mapper;
    /** By registry ({@code host[:port]}), and Docker Hub's mirrors by their URI. */
    private final Map<String, RegistryTransport> transports = new ConcurrentHashMap<>();
    private final Queue<HttpClient> clients = new ConcurrentLinkedQueue<>();

    RegistryClients(RegistryOptions options, CredentialSource credentials, ObjectMapper mapper) {
        this.options = options;
        this.credentials = credentials;
        this.mapper = mapper;
    }

    /** Where {@code registry} may answer: https, then for an insecure registry http. */
    private List<URI> candidates(String registry) {
        String host = registry.equals("docker.io") ? DOCKER_HUB_HOST : registry;
        List<URI> candidates = new ArrayList<>();
        candidates.add(URI.create("https://" + host + "/"));
        if (options.isInsecure(registry)) {
            candidates.add(URI.create("http://" + host + "/"));
        }
        return candidates;
    }

    /** A client trusting what {@code host} ({@code host[:port]}) should present: its certs.d CAs, or anything if it is insecure. */
    private HttpClient client(String host) throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(TlsContexts.forRegistry(host, options.isInsecure(host), options.certsDir()))
                .build();
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (HttpClient client = clients.poll(); client != null; client = clients.poll()) {
            HttpClientShutdown.stop(client);
        }
    }

    RegistryOptions options() {
        return options;
    }

    /** {@code docker login}: whether {@code registry} accepts {@code credentials}; throws with the registry's answer if not. */
    void checkLogin(String registry, Credentials credentials) throws IOException, RegistryException {
        new RegistryTransport(registry, candidates(registry), client(registry), r -> Optional.of(credentials), mapper).checkLogin();
    }

    /** The transport to {@code registry} ({@code host[:port]} of a reference). */
    RegistryTransport transport(String registry) throws IOException {
        RegistryTransport existing = transports.get(registry);
        if (existing != null) {
            return existing;
        }
        RegistryTransport transport = new RegistryTransport(registry, candidates(registry), client(registry), credentials, mapper);
        RegistryTransport raced = transports.putIfAbsent(registry, transport);
        return raced != null ? raced : transport;
    }

    /**
     * Where a pull from {@code registry} may look, in order: for Docker Hub its mirrors (each
     * trusted as its own host, and sent Docker Hub's credentials, as Docker does), then the registry.
     */
    List<RegistryTransport> pullTransports(String registry) throws IOException {
        List<RegistryTransport> endpoints = new ArrayList<>();
        if (registry.equals("docker.io")) {
            for (String mirror : options.mirrors()) {
                URI uri = URI.create(mirror.endsWith("/") ? mirror : mirror + "/");
                String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
                RegistryTransport transport = transports.get(uri.toString());
                if (transport == null) {
                    transport = new RegistryTransport(registry, List.of(uri), client(host), credentials, mapper);
                    RegistryTransport raced = transports.putIfAbsent(uri.toString(), transport);
                    transport = raced != null ? raced : transport;
                }
                endpoints.add(transport);
            }
        }
        endpoints.add(transport(registry));
        return endpoints;
    }
}
