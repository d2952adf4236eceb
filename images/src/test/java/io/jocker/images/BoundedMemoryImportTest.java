package io.jocker.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer 16 times the heap, streamed through a pipe into an importing process whose heap is
 * 16 MiB: import must never hold an entry in memory. 256 MiB by default to keep CI fast; run with
 * {@code -Djocker.test.bigImportMiB=1024} for the 1 GiB case (about 20 s here).
 */
class BoundedMemoryImportTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path temp;

    @Test
    void anEntryFarLargerThanTheHeapImportsInBoundedMemory() throws Exception {
        long size = Long.getLong("jocker.test.bigImportMiB", 256) * MIB;
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx16m",
                "-XX:+UseSerialGC", "-cp", classpath, ImportMain.class.getName(), temp.resolve("images").toString(),
                temp.resolve("driver").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (OutputStream stdin = child.getOutputStream(); TarArchiveOutputStream tar = new TarArchiveOutputStream(stdin)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry entry = new TarArchiveEntry("zeros");
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            byte[] zeros = new byte[(int) MIB];
            for (long written = 0; written < size; written += zeros.length) {
                tar.write(zeros);
            }
            tar.closeArchiveEntry();
        } finally {
            assertEquals(0, child.waitFor(), "the importing process failed; see its stderr above");
        }

        assertTrue(output.get().startsWith("sha256:"), output.get());
        try (var layers = Files.list(temp.resolve("driver/layers"))) {
            Path layer = layers.findFirst().orElseThrow();
            assertEquals(size, Files.size(layer.resolve("zeros")));
        }
    }
}
