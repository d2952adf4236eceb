package io.jocker.storage.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.Host;
import io.jocker.spi.Plugin;
import io.jocker.spi.Support;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayDriverFactoryTest {

    @TempDir
    Path root;

    @Test
    void supportedWhenTheKernelListsOverlay() throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/filesystems"), "nodev\ttmpfs\n\text4\nnodev\toverlay\n");
        assertEquals(Support.yes(), new OverlayDriverFactory().isSupported(new Host(root, "6.18", 2)));
    }

    @Test
    void unsupportedWithAReasonOtherwise() throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/filesystems"), "nodev\ttmpfs\n\text4\n");
        Support support = new OverlayDriverFactory().isSupported(new Host(root, "6.18", 2));
        assertFalse(support.supported());
        assertTrue(support.reason().contains("overlay is not in"), support.reason());
    }

    @Test
    void thePluginIsFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(Plugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .flatMap(p -> p.storageDrivers().stream())
                .anyMatch(f -> f.name().equals("overlay") && f.priority() == 100));
    }
}
