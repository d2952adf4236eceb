package io.jocker.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registries of one command, each reached through one {@link RegistryTransport}. Built on the
 * JDK's {@code java.net.http}: it needs no new dependency, speaks HTTP/2 (negotiated by ALPN over
 * TLS) and HTTP/1.1, and takes its TLS, proxies and trust store from the JDK.
 */
public final class Registries {

    /** Docker Hub's registry, which references name {@code docker.io}. */
    static final String DOCKER_HUB_HOST = "registry-1.docker.io";

    private final RegistryOptions options;
    private final CredentialSource credentials;
    private final ObjectMapper mapper;
    private final Map<String, RegistryTransport> transports = new ConcurrentHashMap<>();

    public Registries(RegistryOptions options, CredentialSource credentials, ObjectMapper mapper) {
        this.options = options;
        this.credentials = credentials;
        this.mapper = mapper;
    }

    RegistryOptions options() {
        return options;
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
        boolean insecure = options.isInsecure(registry);
        String host = registry.equals("docker.io") ? DOCKER_HUB_HOST : registry;
        List<URI> candidates = new ArrayList<>();
        if (pull && registry.equals("docker.io")) {
            options.mirrors().forEach(m -> candidates.add(URI.create(m.endsWith("/") ? m : m + "/")));
        }
        candidates.add(URI.create("https://" + host + "/"));
        if (insecure) {
            candidates.add(URI.create("http://" + host + "/"));
        }
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(TlsContexts.forRegistry(registry, insecure, options.certsDir()))
                .build();
        RegistryTransport transport = new RegistryTransport(registry, candidates, http, credentials, mapper);
        RegistryTransport raced = transports.putIfAbsent(key, transport);
        return raced != null ? raced : transport;
    }
}
