package io.jocker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * HTTP to one registry: finds its endpoint ({@code https}, and for an insecure registry {@code
 * http} when TLS fails, as Docker falls back), answers its {@code WWW-Authenticate} challenge
 * (anonymous or credentialed bearer tokens per scope, refreshed when they expire or are refused;
 * basic auth) and follows redirects to blob storage without the registry's credentials.
 */
final class RegistryTransport {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** A token without {@code expires_in} lives 60 s, as the distribution spec says. */
    private static final long DEFAULT_TOKEN_SECONDS = 60;

    private final String registry;
    private final List<URI> candidates;
    private final HttpClient http;
    private final CredentialSource credentials;
    private final ObjectMapper mapper;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile URI base;
    private volatile Challenge challenge;

    private record Token(String header, Instant expires) {}

    /** A response's status, headers and body. */
    record Response<T>(int status, HttpResponse<T> raw) {
        T body() {
            return raw.body();
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }
    }

    RegistryTransport(String registry, List<URI> candidates, HttpClient http, CredentialSource credentials, ObjectMapper mapper) {
        this.registry = registry;
        this.candidates = List.copyOf(candidates);
        this.http = http;
        this.credentials = credentials;
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** The registry as a reference names it ({@code host[:port]}). */
    String registry() {
        return registry;
    }

    /** {@code GET /v2/} on each candidate endpoint until one answers; remembers its challenge. */
    URI base() throws IOException, RegistryException {
        if (base != null) {
            return base;
        }
        IOException last = null;
        URI lastUri = null;
        for (URI candidate : candidates) {
            URI ping = candidate.resolve("/v2/");
            try {
                HttpResponse<InputStream> response = http.send(request(ping).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    body.readNBytes(MAX_ERROR_BODY);
                }
                if (response.statusCode() == 401) {
                    challenge = Challenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null)).orElse(null);
                } else if (response.statusCode() / 100 != 2) {
                    throw new RegistryException("Get \"" + ping + "\": unexpected status " + response.statusCode() + " from the registry");
                }
                base = candidate;
                return candidate;
            } catch (IOException e) {
                last = e;
                lastUri = ping;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new RegistryException("Get \"" + lastUri + "\": " + describe(lastUri, last), last);
    }

    /**
     * {@code docker login}'s check that the registry takes the credentials: a token for them from
     * a bearer challenge's realm, or {@code GET /v2/} with them under basic auth.
     */
    void checkLogin() throws IOException, RegistryException {
        URI ping = base().resolve("/v2/");
        Challenge current = challenge;
        if (current == null) {
            return;
        }
        Optional<Credentials> creds = credentials.find(registry);
        if (current.scheme().equals("bearer")) {
            fetchToken(current, List.of(), creds);
            return;
        }
        HttpRequest.Builder builder = request(ping).GET();
        creds.ifPresent(c -> builder.header("Authorization", basic(c)));
        HttpResponse<byte[]> response = exchange(builder.build(), HttpResponse.BodyHandlers.ofByteArray(), ping, "GET");
        if (response.statusCode() == 401) {
            throw new RegistryException("login attempt to " + ping + " failed with status: 401 Unauthorized");
        }
    }

    /**
     * Sends a request to {@code path} (under {@code /v2/}) with the authorization for {@code
     * scopes}; a 401 fetches a fresh one and sends once more.
     */
    <T> Response<T> send(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers,
            List<String> scopes, HttpResponse.BodyHandler<T> handler) throws IOException, RegistryException {
        URI uri = path.startsWith("http://") || path.startsWith("https://") ? URI.create(path) : base().resolve(path);
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder builder = request(uri).method(method, body);
            headers.forEach(builder::header);
            authorization(scopes, attempt > 0).ifPresent(a -> builder.header("Authorization", a));
            HttpResponse<T> response = exchange(builder.build(), handler, uri, method);
            if (response.statusCode() != 401 || attempt > 0) {
                return new Response<>(response.statusCode(), response);
            }
            discard(response);
            Challenge fresh = Challenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null)).orElse(null);
            if (fresh == null) {
                return new Response<>(response.statusCode(), response);
            }
            challenge = fresh;
        }
    }

    /** A GET that follows redirects (blob storage), sending the registry's authorization only to the registry. */
    <T> Response<T> get(String path, Map<String, String> headers, List<String> scopes, HttpResponse.BodyHandler<T> handler)
            throws IOException, RegistryException {
        Response<T> response = send("GET", path, HttpRequest.BodyPublishers.noBody(), headers, scopes, handler);
        for (int hops = 0; isRedirect(response.status()); hops++) {
            if (hops == MAX_REDIRECTS) {
                throw new RegistryException("too many redirects fetching " + path + " from " + registry);
            }
            URI target = response.raw().uri().resolve(response.header("Location")
                    .orElseThrow(() -> new RegistryException("a redirect from " + registry + " has no Location")));
            discard(response.raw());
            HttpRequest.Builder builder = request(target).GET();
            headers.forEach(builder::header);
            HttpResponse<T> redirected = exchange(builder.build(), handler, target, "GET");
            response = new Response<>(redirected.statusCode(), redirected);
        }
        return response;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, URI uri, String method)
            throws IOException {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new IOException(capitalized(method) + " \"" + uri + "\": " + describe(uri, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String capitalized(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private HttpRequest.Builder request(URI uri) {
        // Plain HTTP stays HTTP/1.1: the JDK would otherwise try an h2c upgrade, which registries do not speak.
        return HttpRequest.newBuilder(uri).timeout(CONNECT_TIMEOUT.multipliedBy(4))
                .version(uri.getScheme().equals("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .header("User-Agent", "jocker");
    }

    /** The Authorization header for these scopes under the current challenge; {@code renew} ignores a cached token. */
    private Optional<String> authorization(List<String> scopes, boolean renew) throws IOException, RegistryException {
        Challenge current = challenge;
        if (current == null) {
            return Optional.empty();
        }
        Optional<Credentials> creds = credentials.find(registry);
        if (current.scheme().equals("basic")) {
            return creds.map(RegistryTransport::basic);
        }
        String key = String.join(" ", scopes);
        Token token = tokens.get(key);
        if (renew || token == null || Instant.now().isAfter(token.expires())) {
            token = fetchToken(current, scopes, creds);
            tokens.put(key, token);
        }
        return Optional.of(token.header());
    }

    private static String basic(Credentials c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** The token endpoint of a bearer challenge: GET realm?service=...&scope=..., with basic auth when there are credentials. */
    private Token fetchToken(Challenge bearer, List<String> scopes, Optional<Credentials> creds) throws IOException, RegistryException {
        String realm = bearer.parameter("realm");
        if (realm.isEmpty()) {
            throw new RegistryException("the registry " + registry + " asks for a bearer token but names no realm");
        }
        StringBuilder query = new StringBuilder();
        List<String> parameters = new ArrayList<>();
        if (!bearer.parameter("service").isEmpty()) {
            parameters.add("service=" + encode(bearer.parameter("service")));
        }
        for (String scope : scopes) {
            parameters.add("scope=" + encode(scope));
        }
        query.append(String.join("&", parameters));
        URI uri = URI.create(realm + (query.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + query));
        HttpRequest.Builder builder = request(uri).GET();
        creds.ifPresent(c -> builder.header("Authorization", basic(c)));
        HttpResponse<byte[]> response = exchange(builder.build(), HttpResponse.BodyHandlers.ofByteArray(), uri, "GET");
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            // Docker Hub's token server says why in "details", a registry's in "errors"; either may say "unauthorized" itself.
            String why = errorText(response.body(), "authentication required");
            throw new RegistryException("Get \"" + realm + "\": " + (why.startsWith("unauthorized") ? why : "unauthorized: " + why));
        }
        if (response.statusCode() / 100 != 2) {
            throw new RegistryException("the token server of " + registry + " answered " + response.statusCode());
        }
        JsonNode json = mapper.readTree(response.body());
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new RegistryException("the token server of " + registry + " sent no token");
        }
        long seconds = json.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS);
        // Renewed a little early, so that a token does not expire between its check and its use.
        return new Token("Bearer " + token, Instant.now().plusSeconds(Math.max(1, seconds - 5)));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Docker's rendering of a registry's error body: {@code code: message} of its first error, {@code code} lower case and spaced. */
    String errorText(byte[] body, String fallback) {
        try {
            JsonNode errors = mapper.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                String code = first.path("code").asText("").toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                String message = first.path("message").asText("");
                return code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
            }
            String details = mapper.readTree(body).path("details").asText("");
            if (!details.isEmpty()) {
                return details;
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON: the fallback says what happened.
        }
        return fallback;
    }

    /** Reads what is left of a response that is not used, so that its connection can be reused. */
    static void discard(HttpResponse<?> response) throws IOException {
        if (response.body() instanceof InputStream in) {
            try (in) {
                in.readNBytes(MAX_ERROR_BODY);
            }
        }
    }

    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** A failed TLS handshake as Go's crypto/tls puts it, which is what Docker prints, and never a Java class name. */
    private static String tlsFailure(URI uri, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateExpiredException
                    || t instanceof java.security.cert.CertificateNotYetValidException) {
                return "failed to verify certificate: x509: certificate has expired or is not yet valid";
            }
            if (t instanceof java.security.cert.CertPathBuilderException || t instanceof java.security.cert.CertPathValidatorException) {
                return "failed to verify certificate: x509: certificate signed by unknown authority";
            }
            String message = String.valueOf(t.getMessage());
            if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
                return "failed to verify certificate: x509: certificate is not valid for " + uri.getHost();
            }
        }
        String message = e.getMessage() == null ? "handshake failure" : e.getMessage();
        return message.replaceAll("\\b[a-z]+(\\.[a-zA-Z0-9_$]+)+(Exception|Error): ", "");
    }

    /** An I/O failure as Go's net/http would put it, which is what Docker prints. */
    private static String describe(URI uri, IOException e) {
        if (unresolved(e)) {
            return "dial tcp: lookup " + uri.getHost() + ": no such host";
        }
        if (e instanceof ConnectException) {
            int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
            return "dial tcp " + uri.getHost() + ":" + port + ": connect: connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "net/http: request canceled (Client.Timeout exceeded while awaiting headers)";
        }
        if (e instanceof SSLException) {
            return "tls: " + tlsFailure(uri, e);
        }
        return e.getMessage() == null ? "the connection failed" : e.getMessage();
    }
}
