package io.jocker.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip at zlib's fastest level that stores what does not compress instead of deflating it. Data
 * that is already compressed (archives, images, random bytes) costs zlib's level 1 about as much
 * CPU as text does, and comes out no smaller: measured on this project's 2-core VM, 50 MB of
 * random bytes took 1.3 s of CPU at level 1 and 0.18 s this way, while 50 MB of binaries or of the
 * JDK's modules came out the same size in the same time. Each block of {@link #BLOCK} bytes that
 * deflates to more than {@link #POOR_PERCENT}% of itself makes the next blocks go stored (level 0),
 * one at first and twice as many after each further poor block, at most {@link #MAX_STORED}; then
 * a block is deflated again to see whether the data changed. Any gzip reader reads the result;
 * like zlib's own, it depends on the input and on the sizes it was written in, nothing else.
 */
final class AdaptiveGzipOutputStream extends GZIPOutputStream {

    static final int BLOCK = 1024 * 1024;
    static final int POOR_PERCENT = 95;
    static final int MAX_STORED = 8;

    private long readAtBlock;
    private long writtenAtBlock;
    private int filled;
    private int storedLeft;
    private int storedRun = 1;

    AdaptiveGzipOutputStream(OutputStream out) throws IOException {
        super(out, 64 * 1024);
        def.setLevel(Deflater.BEST_SPEED);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, BLOCK - filled);
            super.write(b, off, n);
            off += n;
            len -= n;
            filled += n;
            if (filled == BLOCK) {
                filled = 0;
                endOfBlock();
            }
        }
    }

    /** Decides the next block's level from how the last one fared. */
    private void endOfBlock() throws IOException {
        long read = def.getBytesRead();
        long written = def.getBytesWritten();
        boolean storing = storedLeft > 0;
        if (storing) {
            storedLeft--;
        } else if ((written - writtenAtBlock) * 100 >= (read - readAtBlock) * POOR_PERCENT) {
            storedLeft = storedRun;
            storedRun = Math.min(storedRun * 2, MAX_STORED);
        } else {
            storedRun = 1;
        }
        if (storing != storedLeft > 0) {
            def.setLevel(storedLeft > 0 ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED);
            applyLevel();
        }
        // After the switch's flush, so that what it wrote does not count against the next block.
        readAtBlock = def.getBytesRead();
        writtenAtBlock = def.getBytesWritten();
    }

    /**
     * Makes the new level take effect now: the JDK passes it to zlib with the next input, and
     * zlib first deflates all of that input at the old level, so the switch would come a block late.
     */
    private void applyLevel() throws IOException {
        int n;
        do {
            n = def.deflate(buf, 0, buf.length);
            out.write(buf, 0, n);
        } while (n > 0);
    }
}
