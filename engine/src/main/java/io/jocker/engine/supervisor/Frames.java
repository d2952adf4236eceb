package io.jocker.engine.supervisor;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to a {@code cli} request: frames of {@code TYPE LENGTH(4 bytes, big-endian) BYTES},
 * where TYPE is {@code O} (stdout), {@code E} (stderr) or {@code X} (the 4-byte exit status, last).
 * The types are upper case so that a client can tell them from a line reply ({@code ok},
 * {@code error ...}) of a supervisor that does not know the request.
 */
public final class Frames {

    public static final byte STDOUT = 'O';
    public static final byte STDERR = 'E';
    public static final byte EXIT = 'X';
    private static final int MAX_FRAME = 1 << 20;

    private Frames() {}

    /** The arguments as one request argument: each percent-encoded, separated by spaces. */
    public static String encodeArgs(List<String> args) {
        List<String> encoded = new ArrayList<>();
        for (String arg : args) {
            encoded.add(arg.isEmpty() ? "%" : URLEncoder.encode(arg, StandardCharsets.UTF_8));
        }
        return String.join(" ", encoded);
    }

    public static List<String> decodeArgs(String argument) {
        List<String> args = new ArrayList<>();
        for (String token : argument.split(" ")) {
            args.add(token.equals("%") ? "" : URLDecoder.decode(token, StandardCharsets.UTF_8));
        }
        return args;
    }

    /** An output stream whose every flush or write becomes one frame of {@code type}. */
    public static OutputStream stream(OutputStream sink, byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                synchronized (sink) {
                    writeFrame(sink, type, data, offset, length);
                }
            }

            @Override
            public void flush() throws IOException {
                sink.flush();
            }
        };
    }

    public static void writeExit(OutputStream sink, int status) throws IOException {
        byte[] code = {(byte) (status >>> 24), (byte) (status >>> 16), (byte) (status >>> 8), (byte) status};
        synchronized (sink) {
            writeFrame(sink, EXIT, code, 0, 4);
            sink.flush();
        }
    }

    private static void writeFrame(OutputStream sink, byte type, byte[] data, int offset, int length) throws IOException {
        int done = 0;
        do {
            int n = Math.min(length - done, MAX_FRAME);
            sink.write(new byte[] {type, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            sink.write(data, offset + done, n);
            done += n;
        } while (done < length);
    }

    /**
     * Copies frames to {@code out} and {@code err} until the exit frame; returns the status.
     * Throws on a stream that ends early or a frame that is not one.
     */
    public static int copy(InputStream in, OutputStream out, OutputStream err) throws IOException {
        DataInputStream data = new DataInputStream(in);
        while (true) {
            int type = data.read();
            if (type < 0) {
                throw new IOException("the supervisor closed the connection before the command finished");
            }
            int length = data.readInt();
            if (length < 0 || length > MAX_FRAME) {
                throw new IOException("bad frame length from the supervisor: " + length);
            }
            byte[] payload = data.readNBytes(length);
            if (payload.length != length) {
                throw new IOException("the supervisor closed the connection in the middle of a frame");
            }
            switch (type) {
                case STDOUT -> {
                    out.write(payload);
                    out.flush();
                }
                case STDERR -> {
                    err.write(payload);
                    err.flush();
                }
                case EXIT -> {
                    return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
                }
                default -> throw new IOException("unknown frame type from the supervisor: " + type);
            }
        }
    }
}
