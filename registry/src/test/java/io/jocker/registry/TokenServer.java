package io.jocker.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A token server as docker-registry's {@code auth: token:} expects one: {@code GET
 * /token?service=...&scope=...} answers a JWT (ES256, its certificate in {@code x5c}) granting the
 * scopes' actions, all of them to {@code alice:s3cret}, only {@code pull} to anyone else.
 */
final class TokenServer implements AutoCloseable {

    static final String ISSUER = "jocker-test-issuer";
    static final String SERVICE = "jocker-test-registry";
    static final String USER = "alice";
    static final String PASSWORD = "s3cret";

    /** One token request: who asked ({@code -} for anonymous) and the scopes asked for. */
    record Request(String user, List<String> scopes) {}

    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** Whether the next token issued has expired already, as a cached token does after its time. */
    volatile boolean expireNext;
    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final ObjectMapper mapper = new ObjectMapper();

    TokenServer(PrivateKey key, X509Certificate certificate) throws IOException {
        this.key = key;
        this.certificate = certificate;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/token", this::handle);
        server.start();
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** Requests that asked for {@code scope}. */
    long asked(String scope) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.scopes().contains(scope)).count();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String user = "-";
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && authorization.startsWith("Basic ")) {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
                if (!pair.equals(USER + ":" + PASSWORD)) {
                    send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
                    return;
                }
                user = USER;
            }
            List<String> scopes = new ArrayList<>();
            String query = exchange.getRequestURI().getRawQuery();
            for (String parameter : query == null ? new String[0] : query.split("&")) {
                if (parameter.startsWith("scope=")) {
                    scopes.add(URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8));
                }
            }
            requests.add(new Request(user, scopes));
            Instant now = Instant.now();
            // docker-registry allows a minute of clock skew: an expired token must be older than that.
            Instant expires = expireNext ? now.minusSeconds(600) : now.plusSeconds(300);
            expireNext = false;
            send(exchange, 200, "{\"token\":\"" + jwt(user, scopes, now, expires) + "\",\"expires_in\":300}");
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private String jwt(String user, List<String> scopes, Instant now, Instant expires) throws Exception {
        ObjectNode header = mapper.createObjectNode().put("typ", "JWT").put("alg", "ES256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        ObjectNode claims = mapper.createObjectNode().put("iss", ISSUER).put("sub", user).put("aud", SERVICE)
                .put("exp", expires.getEpochSecond()).put("nbf", now.minusSeconds(900).getEpochSecond())
                .put("iat", now.getEpochSecond()).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            ObjectNode entry = access.addObject().put("type", parts[0]).put("name", parts[1]);
            ArrayNode actions = entry.putArray("actions");
            for (String action : parts[2].split(",")) {
                if (user.equals(USER) || action.equals("pull")) {
                    actions.add(action);
                }
            }
        }
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString(mapper.writeValueAsBytes(header)) + "." + url.encodeToString(mapper.writeValueAsBytes(claims));
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initSign(key);
        es256.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + url.encodeToString(es256.sign());
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
