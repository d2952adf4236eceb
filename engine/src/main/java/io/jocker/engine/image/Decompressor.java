package io.jocker.engine.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/** Recognises plain, gzip, bzip2, xz and zstd streams from their first bytes, as {@code docker import} does. */
final class Decompressor {

    /** Plain tar has no magic number that commons-compress knows. */
    static final String NONE = "none";

    private Decompressor() {}

    /** The detected format and the uncompressed stream; closing it closes {@code raw}. */
    record Opened(String format, InputStream stream) {}

    static Opened open(InputStream raw) throws IOException, InvalidArchiveException {
        InputStream buffered = new BufferedInputStream(raw, 64 * 1024);
        String format;
        try {
            format = CompressorStreamFactory.detect(buffered);
        } catch (CompressorException e) {
            return new Opened(NONE, buffered);
        }
        try {
            return new Opened(format, new CompressorStreamFactory(true).createCompressorInputStream(format, buffered));
        } catch (CompressorException e) {
            throw new InvalidArchiveException("cannot read the " + format + " stream: " + e.getMessage(), e);
        }
    }
}
