package io.jocker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecompressorTest {

    private static final byte[] TAR = new Tars().dir("etc/", 0755).file("etc/hostname", "jocker\n").bytes();

    @ParameterizedTest
    @ValueSource(strings = {CompressorStreamFactory.GZIP, CompressorStreamFactory.XZ, CompressorStreamFactory.ZSTANDARD,
        CompressorStreamFactory.BZIP2})
    void detectsCompressedStreamsFromTheirContent(String format) throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = new CompressorStreamFactory().createCompressorOutputStream(format, compressed)) {
            out.write(TAR);
        }
        assertOpens(compressed.toByteArray(), format);
    }

    @Test
    void aPlainTarPassesThrough() throws Exception {
        assertOpens(TAR, Decompressor.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {CompressorStreamFactory.GZIP, CompressorStreamFactory.XZ})
    void aTruncatedStreamSaysSoInsteadOfABareEndOfFile(String format) throws Exception {
        byte[] compressed = compress(format, new Tars().file("big", "x".repeat(100_000)).bytes());
        byte[] half = java.util.Arrays.copyOf(compressed, compressed.length / 2);

        Decompressor.Opened opened = Decompressor.open(new ByteArrayInputStream(half));
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class, () -> opened.stream().readAllBytes());

        String name = format.equals(CompressorStreamFactory.GZIP) ? "gzip" : format;
        assertEquals("the " + name + " stream ends early: the file is truncated", e.getMessage());
    }

    @Test
    void aCorruptStreamSaysWhichFormatIsCorrupt() throws Exception {
        byte[] compressed = compress(CompressorStreamFactory.GZIP, new Tars().file("big", "x".repeat(100_000)).bytes());
        for (int i = 20; i < compressed.length - 8; i++) {
            compressed[i] ^= 0x5a;
        }
        Decompressor.Opened opened = Decompressor.open(new ByteArrayInputStream(compressed));

        CorruptArchiveException e = assertThrows(CorruptArchiveException.class, () -> opened.stream().readAllBytes());

        assertTrue(e.getMessage().startsWith("the gzip stream "), e.getMessage());
    }

    private static byte[] compress(String format, byte[] data) throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = new CompressorStreamFactory().createCompressorOutputStream(format, compressed)) {
            out.write(data);
        }
        return compressed.toByteArray();
    }

    private static void assertOpens(byte[] input, String format) throws IOException, InvalidArchiveException {
        Decompressor.Opened opened = Decompressor.open(new ByteArrayInputStream(input));
        assertEquals(format, opened.format());
        try (InputStream stream = opened.stream()) {
            assertArrayEquals(TAR, stream.readAllBytes());
        }
    }
}
