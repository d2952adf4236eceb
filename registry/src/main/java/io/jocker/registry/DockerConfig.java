package io.jocker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.linux.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Docker's client configuration, {@code $DOCKER_CONFIG/config.json} or {@code
 * ~/.docker/config.json}: credentials in {@code auths} ({@code auth} is base64 of {@code
 * user:password}), or, where {@code credHelpers} names a helper for the registry or {@code
 * credsStore} one for all, in {@code docker-credential-<helper>} (its {@code get}, {@code store}
 * and {@code erase} protocol). Docker Hub's key is {@code https://index.docker.io/v1/}, as
 * Docker's. Fields jocker does not know are kept; the file is written whole, mode 0600.
 */
public final class DockerConfig implements CredentialSource {

    /** The key Docker files Docker Hub's credentials under. */
    public static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private final Path file;
    private final List<Path> path;
    private final ObjectMapper mapper;

    /**
     * @param file the config.json
     * @param path the directories to look for {@code docker-credential-*} helpers in ({@code PATH})
     */
    public DockerConfig(Path file, List<Path> path, ObjectMapper mapper) {
        this.file = file;
        this.path = List.copyOf(path);
        this.mapper = mapper;
    }

    /** Where Docker's client looks: {@code $DOCKER_CONFIG/config.json}, else {@code $HOME/.docker/config.json}. */
    public static Path location(Map<String, String> environment) {
        String dir = environment.get("DOCKER_CONFIG");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir, "config.json");
        }
        return Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".docker", "config.json");
    }

    /** The key a registry's credentials are filed under: Docker Hub's URL, else {@code host[:port]}. */
    public static String key(String registry) {
        return registry.equals("docker.io") || registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")
                ? DOCKER_HUB_KEY : registry;
    }

    @Override
    public Optional<Credentials> find(String registry) throws IOException {
        ObjectNode config = read();
        String key = key(registry);
        Optional<String> helper = helper(config, key);
        if (helper.isPresent()) {
            return helperGet(helper.get(), key);
        }
        JsonNode auths = config.path("auths");
        JsonNode entry = auths.path(key);
        if (entry.isMissingNode()) {
            // Entries written by older clients carry a scheme: https://host/ or http://host.
            for (var names = auths.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.replaceFirst("^https?://", "").replaceFirst("/.*$", "").equals(key)) {
                    entry = auths.path(name);
                    break;
                }
            }
        }
        String auth = entry.path("auth").asText("");
        if (auth.isEmpty()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IOException("the credentials for " + key + " in " + file + " are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new IOException("the credentials for " + key + " in " + file + " are not user:password");
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** {@code docker login}'s record: in the helper if one is configured, else in {@code auths}. */
    public void store(String registry, Credentials credentials) throws IOException {
        ObjectNode config = read();
        String key = key(registry);
        Optional<String> helper = helper(config, key);
        if (helper.isPresent()) {
            helper(helper.get(), "store", mapper.writeValueAsString(Map.of("ServerURL", key, "Username", credentials.username(),
                    "Secret", credentials.password())));
            // Docker leaves an empty entry, so that the registry shows as logged in.
            config.with("auths").putObject(key);
        } else {
            config.with("auths").putObject(key).put("auth", Base64.getEncoder().encodeToString(
                    (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)));
        }
        write(config);
    }

    /** {@code docker logout}: false when there was nothing to remove. */
    public boolean remove(String registry) throws IOException {
        ObjectNode config = read();
        String key = key(registry);
        boolean found = config.path("auths").has(key);
        Optional<String> helper = helper(config, key);
        if (helper.isPresent()) {
            found |= helperGet(helper.get(), key).isPresent();
            helper(helper.get(), "erase", key);
        }
        if (config.path("auths").isObject()) {
            ((ObjectNode) config.get("auths")).remove(key);
        }
        if (found) {
            write(config);
        }
        return found;
    }

    private Optional<String> helper(ObjectNode config, String key) {
        String specific = config.path("credHelpers").path(key).asText("");
        String store = specific.isEmpty() ? config.path("credsStore").asText("") : specific;
        if (store.isEmpty() || !store.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        // A helper that is not installed is ignored for reading, as Docker falls back to the file.
        return helperBinary(store).isPresent() ? Optional.of(store) : Optional.empty();
    }

    private Optional<Path> helperBinary(String helper) {
        for (Path dir : path) {
            Path binary = dir.resolve("docker-credential-" + helper);
            if (Files.isExecutable(binary)) {
                return Optional.of(binary);
            }
        }
        return Optional.empty();
    }

    private Optional<Credentials> helperGet(String helper, String key) throws IOException {
        String out;
        try {
            out = helper(helper, "get", key);
        } catch (HelperException e) {
            if (e.getMessage().contains("credentials not found")) {
                return Optional.empty();
            }
            throw e;
        }
        JsonNode json = mapper.readTree(out);
        String user = json.path("Username").asText("");
        String secret = json.path("Secret").asText("");
        // Docker's identity tokens come with the user name "<token>".
        return secret.isEmpty() ? Optional.empty() : Optional.of(new Credentials(user, secret));
    }

    /** Runs {@code docker-credential-HELPER ACTION} with {@code input} on its stdin; returns its stdout. */
    private String helper(String helper, String action, String input) throws IOException {
        Path binary = helperBinary(helper).orElseThrow(() -> new IOException("docker-credential-" + helper + " is not installed"));
        Process process = new ProcessBuilder(binary.toString(), action).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readNBytes(1024 * 1024), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new HelperException("docker-credential-" + helper + " " + action + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new HelperException("error " + (action.equals("get") ? "getting" : action.equals("store") ? "storing" : "erasing")
                    + " credentials - err: exit status " + process.exitValue() + ", out: `" + output.trim() + "`");
        }
        return output;
    }

    private ObjectNode read() throws IOException {
        if (!Files.exists(file)) {
            return mapper.createObjectNode();
        }
        JsonNode tree = mapper.readTree(Files.readAllBytes(file));
        if (tree == null || tree.isMissingNode()) {
            return mapper.createObjectNode();
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IOException(file + " is not a JSON object");
        }
        return object;
    }

    private void write(ObjectNode config) throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        AtomicFiles.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** A credential helper failed. */
    private static final class HelperException extends IOException {
        HelperException(String message) {
            super(message);
        }
    }
}
