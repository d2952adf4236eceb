package io.jocker.images.tar;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file's content that a {@link TarUnpacker.ContentWriter} stream wrote without handing it to
 * the tar reader, which must still read over it to reach the next header: commons-compress
 * counts an entry's bytes only as it reads them. The stream's reads over it return at once,
 * filling nothing.
 */
final class PassOver {

    /** Large reads: a 200 MB file is passed over in 200 calls. */
    private static final int STEP = 1 << 20;

    private long left;
    /** Given to the tar reader, never written into. */
    private byte[] buffer;

    /** Makes {@code content}, the tar reader, read over the {@code size} bytes just written to {@code target}. */
    void readOver(InputStream content, long size, String target) throws IOException {
        left = size;
        if (buffer == null) {
            buffer = new byte[STEP];
        }
        while (left > 0) {
            if (content.read(buffer, 0, (int) Math.min(STEP, left)) < 0) {
                throw new IOException("the tar reader ended inside the content of \"" + target + "\"");
            }
        }
    }

    /** Called first by the stream's reads: how many of {@code length} requested bytes are passed over, 0 when none are. */
    int take(int length) {
        int n = (int) Math.max(0, Math.min(length, left));
        left -= n;
        return n;
    }
}
