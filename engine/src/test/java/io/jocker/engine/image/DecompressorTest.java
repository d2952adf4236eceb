package io.jocker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static void assertOpens(byte[] input, String format) throws IOException, InvalidArchiveException {
        Decompressor.Opened opened = Decompressor.open(new ByteArrayInputStream(input));
        assertEquals(format, opened.format());
        try (InputStream stream = opened.stream()) {
            assertArrayEquals(TAR, stream.readAllBytes());
        }
    }
}
