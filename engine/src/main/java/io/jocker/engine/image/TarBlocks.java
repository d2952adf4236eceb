package io.jocker.engine.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a tar stream block by block: each entry's header exactly as commons-compress's {@link
 * TarArchiveOutputStream} writes it (PAX headers for long or non-ASCII names and big numbers),
 * then its content padded to a whole block, and at the end the two zero blocks and nothing more.
 * Unlike that stream, content can come straight from a file: on a channel it is copied by the
 * kernel (sendfile), never passing through the JVM.
 */
public final class TarBlocks {

    static final int BLOCK = 512;
    private static final byte[] ZEROS = new byte[BLOCK * 2];

    private final Sink sink;

    private TarBlocks(Sink sink) {
        this.sink = sink;
    }

    /** Content passes through {@code out}: for a caller that hashes what is written. */
    public static TarBlocks to(OutputStream out) {
        return new TarBlocks(new StreamSink(out));
    }

    /** File content is transferred to {@code out} by the kernel where it can be. */
    public static TarBlocks to(WritableByteChannel out) {
        return new TarBlocks(new ChannelSink(out));
    }

    /** The header blocks of {@code entry}; exactly {@code entry.getSize()} bytes of content must follow. */
    public void header(TarArchiveEntry entry) throws IOException {
        HeaderBytes bytes = new HeaderBytes();
        TarArchiveOutputStream headers = new TarArchiveOutputStream(bytes, BLOCK);
        headers.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        headers.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        headers.setAddPaxHeadersForNonAsciiNames(true);
        // putArchiveEntry writes whole blocks at once; the content goes around this stream, which is dropped.
        headers.putArchiveEntry(entry);
        sink.write(bytes.buffer(), 0, bytes.size());
    }

    /** An entry's whole content from memory, padded. */
    void content(byte[] bytes) throws IOException {
        sink.write(bytes, 0, bytes.length);
        pad(bytes.length);
    }

    /**
     * Exactly {@code size} bytes of {@code file} from its start, padded: a file that grew is cut,
     * one that shrank is filled with zeros, so the header stays true. Returns the bytes the file had.
     */
    public long content(FileChannel file, long size) throws IOException {
        long copied = sink.transfer(file, 0, size);
        for (long left = size - copied; left > 0; left -= Math.min(left, ZEROS.length)) {
            sink.write(ZEROS, 0, (int) Math.min(left, ZEROS.length));
        }
        pad(size);
        return copied;
    }

    /** Part of an entry's content; the caller pads with {@link #pad} after the last part. */
    void write(byte[] bytes, int offset, int length) throws IOException {
        sink.write(bytes, offset, length);
    }

    /**
     * Part of an entry's content: up to {@code size} bytes of {@code file} from {@code position},
     * unpadded. Returns how many the file had; the caller decides what fewer means.
     */
    long transfer(FileChannel file, long position, long size) throws IOException {
        return sink.transfer(file, position, size);
    }

    /** Writes out what is buffered, for a caller that ends the stream without {@link #finish}. */
    void flush() throws IOException {
        sink.flush();
    }

    /** Zeros up to the next block boundary after {@code size} bytes of content. */
    void pad(long size) throws IOException {
        int partial = (int) (size % BLOCK);
        if (partial != 0) {
            sink.write(ZEROS, 0, BLOCK - partial);
        }
    }

    /** The two zero blocks that end the archive; no padding beyond them, as Docker writes layers. */
    public void finish() throws IOException {
        sink.write(ZEROS, 0, ZEROS.length);
        sink.flush();
    }

    private static final class HeaderBytes extends ByteArrayOutputStream {

        HeaderBytes() {
            super(BLOCK * 2);
        }

        byte[] buffer() {
            return buf;
        }
    }

    private interface Sink {

        void write(byte[] bytes, int offset, int length) throws IOException;

        /** Copies up to {@code size} bytes of {@code file} from {@code position}; returns how many it had. */
        long transfer(FileChannel file, long position, long size) throws IOException;

        void flush() throws IOException;
    }

    private static final class StreamSink implements Sink {

        private final OutputStream out;
        private byte[] buffer;

        StreamSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public long transfer(FileChannel file, long position, long size) throws IOException {
            if (buffer == null) {
                buffer = new byte[256 * 1024];
            }
            long copied = 0;
            while (copied < size) {
                ByteBuffer window = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, size - copied));
                int n = file.read(window, position + copied);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                copied += n;
            }
            return copied;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** Headers and padding are gathered in a buffer, written before each transfer. */
    private static final class ChannelSink implements Sink {

        private final WritableByteChannel out;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

        ChannelSink(WritableByteChannel out) {
            this.out = out;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > buffer.remaining()) {
                flush();
            }
            if (length > buffer.capacity()) {
                writeFully(ByteBuffer.wrap(bytes, offset, length));
            } else {
                buffer.put(bytes, offset, length);
            }
        }

        @Override
        public long transfer(FileChannel file, long position, long size) throws IOException {
            flush();
            long copied = 0;
            while (copied < size) {
                long n = file.transferTo(position + copied, size - copied, out);
                if (n <= 0) {
                    break;
                }
                copied += n;
            }
            return copied;
        }

        @Override
        public void flush() throws IOException {
            buffer.flip();
            writeFully(buffer);
            buffer.clear();
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
    }
}
