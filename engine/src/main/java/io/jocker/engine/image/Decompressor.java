package io.jocker.engine.image;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/** Recognises plain, gzip, bzip2, xz and zstd streams from their first bytes, as {@code docker import} does. */
public final class Decompressor {

    /** Plain tar has no magic number that commons-compress knows. */
    static final String NONE = "none";

    private Decompressor() {}

    /**
     * The detected format and the uncompressed stream; closing it closes {@code raw}. A compressed
     * stream that turns out truncated or corrupt fails its reads with a {@link CorruptArchiveException}.
     */
    public record Opened(String format, InputStream stream) {}

    public static Opened open(InputStream raw) throws IOException, InvalidArchiveException {
        InputStream buffered = new BufferedInputStream(raw, 64 * 1024);
        String format = detect(buffered);
        if (format.equals(NONE)) {
            return new Opened(NONE, buffered);
        }
        try {
            return new Opened(format, new CheckedDecompression(format,
                    new CompressorStreamFactory(true).createCompressorInputStream(format, buffered)));
        } catch (CompressorException e) {
            // The factory reads the stream's header: its cause says what was wrong with it.
            throw new InvalidArchiveException(CorruptArchiveException.describe(format, e.getCause() != null ? e.getCause() : e), e);
        }
    }

    /** The most bytes that {@link #isCompressed} looks at. */
    static final int SIGNATURE_BYTES = 12;

    /** Whether a stream starting with {@code head} is compressed in a format that {@link #open} reads. */
    static boolean isCompressed(byte[] head) {
        return !detect(new ByteArrayInputStream(head)).equals(NONE);
    }

    /** The format of the stream that {@code in} (which must support mark and reset) starts, or {@link #NONE}. */
    static String detect(InputStream in) {
        try {
            return CompressorStreamFactory.detect(in);
        } catch (CompressorException e) {
            return NONE;
        }
    }
}
