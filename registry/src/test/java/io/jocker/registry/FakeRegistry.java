package io.jocker.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jocker.images.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry's read API on the JDK's HTTP server, for the cases a real registry never produces:
 * blobs that do not match their digest, connections dropped mid-blob, a token server. HTTPS on
 * 127.0.0.1 with a self-signed certificate (made by the JDK's keytool), which the client accepts
 * unverified because the registry is local, as Docker does.
 */
final class FakeRegistry implements AutoCloseable {

    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    /** path (repo/manifests/ref) to media type and bytes */
    final Map<String, Map.Entry<String, byte[]>> manifests = new ConcurrentHashMap<>();
    /** Blobs served with other bytes than their digest's. */
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    /** Blobs whose next response stops half-way. */
    final Set<String> dropOnce = ConcurrentHashMap.newKeySet();
    final AtomicInteger blobRequests = new AtomicInteger();
    final AtomicInteger manifestRequests = new AtomicInteger();
    /** The Range headers of blob requests, in order. */
    final java.util.List<String> ranges = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** Whether blob requests ignore Range and answer the whole blob, as some storage does. */
    volatile boolean ignoreRange;
    volatile String requiredToken;
    final AtomicInteger tokensIssued = new AtomicInteger();
    /** Uploads in progress, by id: the bytes received so far. */
    final Map<String, java.io.ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    /** How many of the next PATCHes lose the second half of their chunk, answering 202 without a Range, as if all had arrived. */
    final AtomicInteger truncateChunks = new AtomicInteger();
    /** The upload requests, as "METHOD status". */
    final java.util.List<String> uploadRequests = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final HttpsServer server;

    /** A key store with a self-signed certificate, made once per test class: keytool starts a JVM. */
    static Path keystore(Path dir) throws IOException, InterruptedException {
        Path keystore = dir.resolve("fake-registry.p12");
        String keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-keystore", keystore.toString(), "-storepass", "secret",
                "-keyalg", "EC", "-alias", "registry", "-dname", "CN=127.0.0.1", "-validity", "2")
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
        }
        return keystore;
    }

    FakeRegistry(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "secret".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::handle);
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String blob(byte[] content) {
        String digest = Digests.of(content);
        blobs.put(digest, content);
        return digest;
    }

    String manifest(String repo, String mediaType, String json, String... tags) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String digest = Digests.of(bytes);
        manifests.put(repo + "/manifests/" + digest, Map.entry(mediaType, bytes));
        for (String tag : tags) {
            manifests.put(repo + "/manifests/" + tag, Map.entry(mediaType, bytes));
        }
        return digest;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/token")) {
                tokensIssued.incrementAndGet();
                send(exchange, 200, "application/json", ("{\"token\":\"" + requiredToken + "\",\"expires_in\":300}").getBytes());
                return;
            }
            if (requiredToken != null && !("Bearer " + requiredToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate",
                        "Bearer realm=\"https://" + address() + "/token\",service=\"fake\",scope=\"repository:x:pull\"");
                send(exchange, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}".getBytes());
                return;
            }
            if (path.equals("/v2/")) {
                send(exchange, 200, "application/json", "{}".getBytes());
                return;
            }
            String rest = path.substring("/v2/".length());
            if (rest.contains("/blobs/uploads/")) {
                upload(exchange, path);
                return;
            }
            if (exchange.getRequestMethod().equals("PUT") && rest.contains("/manifests/")) {
                byte[] bytes = exchange.getRequestBody().readAllBytes();
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                manifests.put(rest, Map.entry(type, bytes));
                manifests.put(rest.substring(0, rest.indexOf("/manifests/") + "/manifests/".length()) + Digests.of(bytes),
                        Map.entry(type, bytes));
                exchange.getResponseHeaders().add("Docker-Content-Digest", Digests.of(bytes));
                send(exchange, 201, "application/json", new byte[0]);
                return;
            }
            int blobAt = rest.indexOf("/blobs/");
            if (blobAt >= 0) {
                blobRequests.incrementAndGet();
                String digest = rest.substring(blobAt + "/blobs/".length());
                if (ignoreRange && exchange.getRequestHeaders().getFirst("Range") != null) {
                    ranges.add(exchange.getRequestHeaders().getFirst("Range"));
                }
                byte[] content = served.getOrDefault(digest, blobs.get(digest));
                if (content == null) {
                    send(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}".getBytes());
                } else if (exchange.getRequestHeaders().getFirst("Range") != null && !ignoreRange) {
                    String range = exchange.getRequestHeaders().getFirst("Range");
                    ranges.add(range);
                    int from = Integer.parseInt(range.replaceAll("bytes=([0-9]+)-", "$1"));
                    if (from >= content.length) {
                        exchange.sendResponseHeaders(416, -1);
                        return;
                    }
                    exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
                    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                    exchange.sendResponseHeaders(206, content.length - from);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(content, from, content.length - from);
                    }
                } else if (dropOnce.remove(digest)) {
                    exchange.sendResponseHeaders(200, content.length);
                    exchange.getResponseBody().write(content, 0, content.length / 2);
                    exchange.getResponseBody().flush();
                    // Closing the exchange with bytes missing makes the server drop the connection.
                } else {
                    send(exchange, 200, "application/octet-stream", content);
                }
                return;
            }
            manifestRequests.incrementAndGet();
            Map.Entry<String, byte[]> manifest = manifests.get(rest);
            if (manifest == null) {
                send(exchange, 404, "application/json",
                        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes());
            } else {
                send(exchange, 200, manifest.getKey(), manifest.getValue());
            }
        }
    }

    /**
     * The upload API: {@code POST} opens an upload, {@code PATCH} appends a chunk whose {@code
     * Content-Range} starts where the upload stands (else 416), {@code GET} reports the upload's
     * {@code Range}, {@code PUT ?digest=} closes it, storing the blob if the digest matches.
     */
    private void upload(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        String prefix = path.substring(0, path.indexOf("/blobs/uploads/") + "/blobs/uploads/".length());
        String id = path.substring(prefix.length());
        byte[] body = exchange.getRequestBody().readAllBytes();
        java.io.ByteArrayOutputStream upload = uploads.get(id);
        int status;
        if (method.equals("POST")) {
            id = java.util.UUID.randomUUID().toString();
            uploads.put(id, new java.io.ByteArrayOutputStream());
            exchange.getResponseHeaders().add("Location", prefix + id);
            status = 202;
        } else if (upload == null) {
            status = 404;
        } else if (method.equals("GET")) {
            exchange.getResponseHeaders().add("Location", prefix + id);
            exchange.getResponseHeaders().add("Range", "0-" + Math.max(0, upload.size() - 1));
            status = 204;
        } else if (method.equals("PATCH")) {
            String range = exchange.getRequestHeaders().getFirst("Content-Range");
            if (range == null || Long.parseLong(range.substring(0, range.indexOf('-'))) != upload.size()) {
                status = 416;
            } else {
                upload.write(body, 0, truncateChunks.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? body.length / 2 : body.length);
                exchange.getResponseHeaders().add("Location", prefix + id);
                status = 202;
            }
        } else if (method.equals("PUT")) {
            upload.write(body, 0, body.length);
            String digest = exchange.getRequestURI().getQuery().replaceFirst("^.*digest=", "");
            byte[] blob = upload.toByteArray();
            uploads.remove(id);
            if (Digests.of(blob).equals(digest)) {
                blobs.put(digest, blob);
                status = 201;
            } else {
                uploadRequests.add(method + " 400");
                send(exchange, 400, "application/json",
                        "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest did not match uploaded content\"}]}".getBytes());
                return;
            }
        } else {
            status = 405;
        }
        uploadRequests.add(method + " " + status);
        exchange.sendResponseHeaders(status, -1);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
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
