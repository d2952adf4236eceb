package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.SymlinkSwapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export reads a running container's root file system while the container may swap one of its
 * directories for a symbolic link to a host directory: the archive must never hold a host file,
 * under the link's name or any other.
 */
class ExportRaceTest {

    private static final int ROUNDS = 500;

    @TempDir
    Path tmp;

    @Test
    void aSwappedDirectoryNeverLeadsTheExportOutOfTheRoot() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("secret"), "HOST");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(Files.createDirectories(rootfs.resolve("w")).resolve("secret"), "CONTAINER");
        int sawContainer = 0;
        try (SymlinkSwapper swapper = SymlinkSwapper.towards(rootfs, "w", host)) {
            for (int i = 0; i < ROUNDS; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ExportService.write(rootfs, Channels.newChannel(out));
                try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
                    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                        String content = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                        assertFalse(content.contains("HOST"), "exported the host's file as " + e.getName());
                        if (content.contains("CONTAINER")) {
                            sawContainer++;
                        }
                    }
                }
            }
        }
        int saw = sawContainer;
        assertTrue(saw > 0 && saw < ROUNDS, () -> "the race never ran: the container's file was exported " + saw + " times");
    }
}
