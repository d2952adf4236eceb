package io.jocker.supervisor;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * The frames an attach connection carries once the supervisor answered {@code ok}: a type byte,
 * a 4-byte big-endian payload length, the payload. Output and the exit status go to the client;
 * input, its end and window sizes go to the supervisor.
 */
public final class AttachFrames {

    /** Client to supervisor: bytes for the container's stdin. */
    public static final byte STDIN = 0;
    /** Supervisor to client: the container's stdout (all of a terminal's output). */
    public static final byte STDOUT = 1;
    /** Supervisor to client: the container's stderr. */
    public static final byte STDERR = 2;
    /** Supervisor to client, last: the container's exit status as 4 bytes. */
    public static final byte EXIT = 3;
    /** Client to supervisor: the client's stdin ended. */
    public static final byte STDIN_END = 4;
    /** Client to supervisor: the terminal's rows and columns, 2 bytes each. */
    public static final byte RESIZE = 5;

    static final int HEADER = 5;
    /** Largest payload accepted; senders cut their data into frames of at most this size. */
    public static final int MAX_PAYLOAD = 64 * 1024;

    private AttachFrames() {}

    /** One frame. */
    public record Frame(byte type, byte[] payload) {

        /** The exit status an {@link #EXIT} frame carries. */
        public int exitCode() {
            return ByteBuffer.wrap(payload).getInt();
        }

        /** The rows and columns a {@link #RESIZE} frame carries. */
        public int rows() {
            return ByteBuffer.wrap(payload).getShort(0) & 0xffff;
        }

        public int columns() {
            return ByteBuffer.wrap(payload).getShort(2) & 0xffff;
        }
    }

    /** A frame ready to write, {@code length} bytes of {@code data} from {@code offset}. */
    public static ByteBuffer encode(byte type, byte[] data, int offset, int length) {
        if (length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("attach frame of " + length + " bytes, more than " + MAX_PAYLOAD);
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER + length);
        frame.put(type).putInt(length).put(data, offset, length);
        return frame.flip();
    }

    public static ByteBuffer exit(int code) {
        return encode(EXIT, ByteBuffer.allocate(4).putInt(code).array(), 0, 4);
    }

    public static ByteBuffer resize(int rows, int columns) {
        return encode(RESIZE, ByteBuffer.allocate(4).putShort((short) rows).putShort((short) columns).array(), 0, 4);
    }

    /** Writes every byte of {@code frame} to a blocking channel. */
    public static void write(WritableByteChannel channel, ByteBuffer frame) throws IOException {
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    /**
     * Reads frames from a blocking channel. Reads the channel directly (not through
     * {@code Channels.newInputStream}, which would hold the channel's blocking lock while it
     * waits and so stall writes from another thread).
     */
    public static final class Reader {

        private final ReadableByteChannel channel;
        private final ByteBuffer header = ByteBuffer.allocate(HEADER);

        public Reader(ReadableByteChannel channel) {
            this.channel = channel;
        }

        /** The next frame, or empty at the end of the stream between frames. */
        public Optional<Frame> next() throws IOException {
            header.clear();
            if (!fill(header, true)) {
                return Optional.empty();
            }
            header.flip();
            byte type = header.get();
            int length = header.getInt();
            if (length < 0 || length > MAX_PAYLOAD) {
                throw new IOException("malformed attach frame: payload of " + length + " bytes");
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            fill(payload, false);
            return Optional.of(new Frame(type, payload.array()));
        }

        /** Fills {@code buffer}; false at a clean end of stream before its first byte when {@code endAllowed}. */
        private boolean fill(ByteBuffer buffer, boolean endAllowed) throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    if (endAllowed && buffer.position() == 0) {
                        return false;
                    }
                    throw new EOFException("attach connection ended inside a frame");
                }
            }
            return true;
        }
    }
}
