package io.jocker.engine.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostResourcesTest {

    @TempDir
    Path root;

    @Test
    void readsOnlineCpusAndNodes() throws Exception {
        Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        Files.createDirectories(root.resolve("sys/devices/system/node"));
        Files.writeString(root.resolve("sys/devices/system/cpu/online"), "0-3,6\n");
        Files.writeString(root.resolve("sys/devices/system/node/online"), "0-1\n");

        assertEquals(new HostResources(5, "0-3,6", "0-1"), HostResources.probe(root, 5));
    }

    @Test
    void withoutTheFilesEveryCpuAndNodeZeroCount() {
        assertEquals(new HostResources(2, "0-1", "0"), HostResources.probe(root, 2));
        assertEquals(new HostResources(1, "0", "0"), HostResources.probe(root, 1));
    }
}
