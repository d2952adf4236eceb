package io.jocker.storage.aufs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class AufsDriverFactoryTest {

    @TempDir
    Path root;

    @Test
    void supportedOnlyWhenTheKernelListsAufs() throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/filesystems"), "nodev\toverlay\nnodev\taufs\n");
        assertEquals(Support.yes(), new AufsDriverFactory().isSupported(new Host(root, "4.19", 2)));

        Files.writeString(root.resolve("proc/filesystems"), "nodev\toverlay\n");
        assertEquals(Support.no("aufs is not in " + root.resolve("proc/filesystems") + " (this kernel has no aufs)"),
                new AufsDriverFactory().isSupported(new Host(root, "6.18", 2)));
    }

    @Test
    void thisKernelHasNoAufs() {
        Support support = new AufsDriverFactory().isSupported(Host.current());
        assertEquals(Host.current().filesystems().contains("aufs"), support.supported(), support.reason());
    }

    @Test
    void thePluginIsFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(Plugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .flatMap(p -> p.storageDrivers().stream())
                .anyMatch(f -> f.name().equals("aufs") && f.priority() == 50));
    }
}
