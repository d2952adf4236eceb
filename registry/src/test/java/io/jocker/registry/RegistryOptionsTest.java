package io.jocker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's daemon.json registry settings, and which registries are insecure by default. */
class RegistryOptionsTest {

    @TempDir
    Path temp;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void readsDockersDaemonJson() throws Exception {
        Path file = Files.writeString(temp.resolve("daemon.json"), "{\"insecure-registries\": [\"build.lan:5000\", \"http://ci.lan/\"],"
                + " \"registry-mirrors\": [\"https://mirror.lan\"], \"max-concurrent-downloads\": 5,"
                + " \"max-concurrent-uploads\": 2, \"log-driver\": \"json-file\"}");
        RegistryOptions options = RegistryOptions.load(file, mapper);
        assertTrue(options.isInsecure("build.lan:5000"));
        assertTrue(options.isInsecure("ci.lan"));
        assertFalse(options.isInsecure("build.lan"));
        assertEquals(List.of("https://mirror.lan"), options.mirrors());
        assertEquals(5, options.maxConcurrentDownloads());
        assertEquals(2, options.maxConcurrentUploads());
    }

    @Test
    void withoutTheFileOnlyLoopbackRegistriesAreInsecure() throws Exception {
        RegistryOptions options = RegistryOptions.load(temp.resolve("absent.json"), mapper);
        assertTrue(options.isInsecure("localhost:5000"));
        assertTrue(options.isInsecure("127.0.0.1:5000"));
        assertTrue(options.isInsecure("[::1]:5000"));
        assertFalse(options.isInsecure("localhost.example.com"));
        assertFalse(options.isInsecure("docker.io"));
        assertEquals(3, options.maxConcurrentDownloads());
        assertEquals(5, options.maxConcurrentUploads());
    }

    @Test
    void aMirrorWithoutSchemeIsRefusedAsDockerRefusesIt() throws Exception {
        Path file = Files.writeString(temp.resolve("daemon.json"), "{\"registry-mirrors\": [\"mirror.lan\"]}");
        assertTrue(assertThrows(IOException.class, () -> RegistryOptions.load(file, mapper)).getMessage().contains("invalid mirror"));
    }
}
