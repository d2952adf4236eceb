package io.jocker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's config.json: what docker login writes is read, what jocker writes Docker reads, helpers are asked. */
class DockerConfigTest {

    @TempDir
    Path temp;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void readsDockersAuthsAndKeepsWhatItDoesNotKnow() throws Exception {
        Path file = temp.resolve("config.json");
        // As docker login 28 writes it, with an entry of an older client that carries a scheme.
        Files.writeString(file, "{\n\t\"auths\": {\n\t\t\"https://index.docker.io/v1/\": {\n\t\t\t\"auth\": \"Ym9iOmh1Yg==\"\n\t\t},\n"
                + "\t\t\"https://old.example.com/v1/\": {\"auth\": \"b2xkOnB3\"}\n\t},\n\t\"psFormat\": \"{{.ID}}\"\n}");
        DockerConfig config = new DockerConfig(file, List.of(), mapper);
        assertEquals(Optional.of(new Credentials("bob", "hub")), config.find("docker.io"));
        assertEquals(Optional.of(new Credentials("old", "pw")), config.find("old.example.com"));
        assertEquals(Optional.empty(), config.find("localhost:5000"));

        config.store("localhost:5000", new Credentials("alice", "s3:cret"));
        assertEquals(Optional.of(new Credentials("alice", "s3:cret")), config.find("localhost:5000"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        var written = mapper.readTree(file.toFile());
        assertEquals("{{.ID}}", written.path("psFormat").asText());
        assertEquals("YWxpY2U6czM6Y3JldA==", written.path("auths").path("localhost:5000").path("auth").asText());

        assertTrue(config.remove("localhost:5000"));
        assertFalse(config.remove("localhost:5000"));
        assertEquals(Optional.of(new Credentials("bob", "hub")), config.find("docker.io"));
    }

    @Test
    void aMissingFileHasNoCredentialsAndIsCreatedPrivate() throws Exception {
        Path file = temp.resolve("new/.docker/config.json");
        DockerConfig config = new DockerConfig(file, List.of(), mapper);
        assertEquals(Optional.empty(), config.find("docker.io"));
        config.store("docker.io", new Credentials("u", "p"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertTrue(mapper.readTree(file.toFile()).path("auths").has(DockerConfig.DOCKER_HUB_KEY));
    }

    @Test
    void credentialHelpersAreAskedAndToldAsDockersProtocolSays() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path store = temp.resolve("helper-store");
        Path helper = bin.resolve("docker-credential-test");
        // A helper keeping one secret in a file: get prints it, store keeps stdin, erase removes it.
        Files.writeString(helper, "#!/bin/sh\ncase $1 in\n"
                + "get) read key; if [ -f " + store + " ]; then cat " + store + "; else echo 'credentials not found in native keychain'; exit 1; fi ;;\n"
                + "store) cat > " + store + " ;;\n"
                + "erase) read key; rm -f " + store + " ;;\nesac\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Path file = temp.resolve("config.json");
        Files.writeString(file, "{\"credHelpers\": {\"registry.example.com\": \"test\"}}");
        DockerConfig config = new DockerConfig(file, List.of(bin), mapper);

        assertEquals(Optional.empty(), config.find("registry.example.com"));
        config.store("registry.example.com", new Credentials("carol", "pw"));
        assertEquals(Map.of("ServerURL", "registry.example.com", "Username", "carol", "Secret", "pw"),
                mapper.readValue(store.toFile(), Map.class));
        assertFalse(mapper.readTree(file.toFile()).path("auths").path("registry.example.com").has("auth"), "the secret stays in the helper");
        assertEquals(Optional.of(new Credentials("carol", "pw")), config.find("registry.example.com"));
        assertTrue(config.remove("registry.example.com"));
        assertFalse(Files.exists(store));
    }
}
