package io.jocker.testing.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.Plugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-time plugin builder leaves nothing behind in the temporary directory. */
class PluginJarsTest {

    @TempDir
    Path dir;

    @Test
    void buildingAJarLeavesNoSourcesOrClassesBehind() throws IOException {
        // A package no other build uses, so that only this build's leftovers can match, whoever else uses /tmp.
        String pkg = "com.example.p" + UUID.randomUUID().toString().replace("-", "");
        Path jar = PluginJars.build(dir.resolve("p/p.jar"), Map.of(pkg + ".TestPlugin", PluginJars.storagePluginSource(pkg, "p", true, 0)),
                Map.of(Plugin.class.getName(), pkg + ".TestPlugin"));

        assertTrue(Files.size(jar) > 0);
        assertEquals(List.of(), leftovers(pkg.replace('.', '/')));
    }

    private static List<Path> leftovers(String packagePath) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("plugin-src"))
                    .filter(p -> Files.exists(p.resolve(packagePath)) || Files.exists(p.resolve("classes").resolve(packagePath)))
                    .toList();
        }
    }
}
