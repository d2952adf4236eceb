package io.jocker.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** What the push's gzip writes: any gzip reader reads it back, text is deflated, random bytes are stored. */
class AdaptiveGzipOutputStreamTest {

    private static final int MIB = 1024 * 1024;

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] text(int size) {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < size; line++) {
            text.append("line ").append(line).append(": the quick brown fox jumps over the lazy dog\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** {@code data} through the stream in writes of {@code step} bytes. */
    private static byte[] gzip(byte[] data, int step) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AdaptiveGzipOutputStream gzip = new AdaptiveGzipOutputStream(out)) {
            for (int off = 0; off < data.length; off += step) {
                gzip.write(data, off, Math.min(step, data.length - off));
            }
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    /**
     * Walks the deflate blocks of a gzip member: {@code [0]} counts compressed blocks, {@code [1]}
     * the bytes in stored blocks longer than 32 KiB. zlib at level 1 stores random data too, but
     * only after deflating it, in blocks of about 16 KiB; a level-0 stretch comes in blocks of up
     * to 64 KiB, so the long ones show the deflate work that was skipped.
     */
    private static long[] blocks(byte[] gzip) {
        DeflateWalker walker = new DeflateWalker(gzip, 10);
        long[] counts = new long[2];
        boolean last;
        do {
            last = walker.bits(1) == 1;
            int type = walker.bits(2);
            if (type == 0) {
                int length = walker.skipStored();
                counts[1] += length > 32 * 1024 ? length : 0;
            } else {
                counts[0]++;
                walker.skipCompressed(type);
            }
        } while (!last);
        return counts;
    }

    @Test
    void randomBytesGoStoredAndReadBack() throws Exception {
        byte[] data = random(24 * MIB, 1);
        byte[] gzip = gzip(data, 100_000);
        assertArrayEquals(data, gunzip(gzip));
        long[] blocks = blocks(gzip);
        // Probes aside (a block now and then, at most one in MAX_STORED + 1), the rest goes stored.
        assertTrue(blocks[1] >= 14L * MIB, "bytes stored without deflating: " + blocks[1]);
    }

    @Test
    void textIsDeflated() throws Exception {
        byte[] data = text(8 * MIB);
        byte[] gzip = gzip(data, 8192);
        assertArrayEquals(data, gunzip(gzip));
        assertTrue(gzip.length < data.length / 10, "compressed to " + gzip.length);
        assertEquals(0, blocks(gzip)[1], "nothing stored");
    }

    @Test
    void textAfterRandomBytesIsDeflatedAgain() throws Exception {
        byte[] random = random(12 * MIB, 2);
        byte[] data = concat(random, text(32 * MIB));
        byte[] gzip = gzip(data, 1 << 20);
        assertArrayEquals(data, gunzip(gzip));
        // Text stored for at most MAX_STORED blocks before a probe finds it compresses again.
        long bound = random.length + (long) (AdaptiveGzipOutputStream.MAX_STORED + 1) * AdaptiveGzipOutputStream.BLOCK + 2 * MIB;
        assertTrue(gzip.length < bound, gzip.length + " bytes, expected under " + bound);
    }

    /** Just enough of an inflater to walk block boundaries (RFC 1951). */
    private static final class DeflateWalker {
        private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
        private static final int[] ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
        private final byte[] in;
        private long bit;

        DeflateWalker(byte[] in, int offset) {
            this.in = in;
            this.bit = offset * 8L;
        }

        int bits(int n) {
            int value = 0;
            for (int i = 0; i < n; i++, bit++) {
                value |= ((in[(int) (bit >>> 3)] >>> (bit & 7)) & 1) << i;
            }
            return value;
        }

        int skipStored() {
            bit = (bit + 7) & ~7L;
            int len = bits(16);
            bits(16);
            bit += len * 8L;
            return len;
        }

        void skipCompressed(int type) {
            int[][] lit;
            int[][] dist;
            if (type == 1) {
                int[] lengths = new int[288];
                for (int i = 0; i < 288; i++) {
                    lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
                }
                lit = codes(lengths);
                int[] d = new int[30];
                java.util.Arrays.fill(d, 5);
                dist = codes(d);
            } else {
                int hlit = bits(5) + 257;
                int hdist = bits(5) + 1;
                int hclen = bits(4) + 4;
                int[] clen = new int[19];
                for (int i = 0; i < hclen; i++) {
                    clen[ORDER[i]] = bits(3);
                }
                int[][] clCodes = codes(clen);
                int[] lengths = new int[hlit + hdist];
                for (int i = 0; i < lengths.length;) {
                    int sym = decode(clCodes);
                    if (sym < 16) {
                        lengths[i++] = sym;
                    } else if (sym == 16) {
                        int repeat = 3 + bits(2);
                        int prev = lengths[i - 1];
                        for (int r = 0; r < repeat; r++) {
                            lengths[i++] = prev;
                        }
                    } else {
                        i += sym == 17 ? 3 + bits(3) : 11 + bits(7);
                    }
                }
                lit = codes(java.util.Arrays.copyOfRange(lengths, 0, hlit));
                dist = codes(java.util.Arrays.copyOfRange(lengths, hlit, lengths.length));
            }
            for (int sym = decode(lit); sym != 256; sym = decode(lit)) {
                if (sym > 256) {
                    bits(LENGTH_EXTRA[sym - 257]);
                    bits(DIST_EXTRA[decode(dist)]);
                }
            }
        }

        /** Canonical Huffman codes as [code length][code] to symbol, -1 where none. */
        private static int[][] codes(int[] lengths) {
            int[][] table = new int[16][];
            int code = 0;
            for (int len = 1; len < 16; len++) {
                table[len] = new int[1 << len];
                java.util.Arrays.fill(table[len], -1);
                for (int sym = 0; sym < lengths.length; sym++) {
                    if (lengths[sym] == len) {
                        table[len][code++] = sym;
                    }
                }
                code <<= 1;
            }
            return table;
        }

        private int decode(int[][] table) {
            int code = 0;
            for (int len = 1; len < 16; len++) {
                code = (code << 1) | bits(1);
                if (code < table[len].length && table[len][code] >= 0) {
                    return table[len][code];
                }
            }
            throw new IllegalStateException("bad code at bit " + bit);
        }
    }
}
