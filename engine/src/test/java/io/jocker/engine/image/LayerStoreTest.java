package io.jocker.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacking and hashing run on two threads: a failure on either side fails the whole operation
 * and leaves neither files, nor a provisional layer, nor an index, nor a thread behind.
 */
class LayerStoreTest {

    @TempDir
    Path temp;

    private LayerStore layers(long hashableBytes) {
        DirectoryStorageDriver real = new DirectoryStorageDriver(temp.resolve("driver"));
        return new LayerStore(real, new ImageMetadataStore(temp.resolve("images"), new ObjectMapper()),
                mock(KernelOps.class), () -> new BackgroundDigestInputStreamTest.FailingDigest(hashableBytes));
    }

    /** A tar of a few MiB, so that it spans several of the hasher's chunks. */
    private static byte[] bigTar() {
        byte[] data = new byte[5 * BackgroundDigestInputStream.CHUNK];
        new Random(7).nextBytes(data);
        return new Tars().file("a", data).file("b", "small").bytes();
    }

    @Test
    void aHashingFailureDuringImportLeavesNothingBehind() throws Exception {
        LayerStore layers = layers(2L * BackgroundDigestInputStream.CHUNK);

        // Where the reader notices depends on timing: in a file's content, or in the next header.
        Exception e = assertThrows(Exception.class, () -> layers.unpack(new ByteArrayInputStream(bigTar())));

        assertTrue(e.getMessage().contains("cannot hash the layer: java.lang.IllegalStateException: digest failed on purpose"),
                e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aReadingFailureDuringImportLeavesNothingBehind() throws Exception {
        LayerStore layers = layers(Long.MAX_VALUE);
        byte[] tar = bigTar();
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(tar)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > tar.length / 2) {
                    throw new IOException("the source failed on purpose");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };

        IOException e = assertThrows(IOException.class, () -> layers.unpack(failing));

        assertEquals("the source failed on purpose", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aHashingFailureWhileUnpackingAFileLeavesNothingBehind() throws Exception {
        LayerStore layers = layers(2L * BackgroundDigestInputStream.CHUNK);
        byte[] tar = bigTar();
        Path blob = Files.createDirectories(temp.resolve("load")).resolve("layer.tar");
        Files.write(blob, tar);

        assertThrows(Exception.class, () -> layers.unpack(blob));

        assertNothingLeft();
        assertEquals(List.of("layer.tar"), names(temp.resolve("load")), "the caller's file stays");
    }

    @Test
    void aBlobIsVerifiedAgainstItsDiffIdWithoutBeingUnpacked() throws Exception {
        LayerStore layers = layers(Long.MAX_VALUE);
        byte[] tar = bigTar();
        Path blob = Files.createDirectories(temp.resolve("load")).resolve("layer.tar");
        Files.write(blob, tar);
        String claimed = Digests.of(new byte[] {1});

        layers.verify(archiveFile(blob), Digests.of(tar));
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> layers.verify(archiveFile(blob), claimed));

        assertEquals("layer content does not match its diff id: expected " + claimed + ", got " + Digests.of(tar), e.getMessage());
        assertNothingLeft();
    }

    /** {@code file} as a file of an image archive, read where it lies. */
    private static ArchiveFiles.ArchiveFile archiveFile(Path file) {
        return new ArchiveFiles.ArchiveFile() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Optional<FileRegion> region() throws IOException {
                return Optional.of(new FileRegion(file, 0, Files.size(file)));
            }
        };
    }

    private void assertNothingLeft() throws Exception {
        assertEquals(List.of(), names(temp.resolve("driver/layers")), "layer directories left");
        assertEquals(List.of(), names(temp.resolve("images/tmp")), "provisional indexes left");
        assertEquals(List.of(), names(temp.resolve("images/layers")), "indexes or records left");
        assertFalse(BackgroundDigestInputStreamTest.hashingThreadAlive(), "the hashing thread is still running");
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
