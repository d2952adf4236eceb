package io.jocker.supervisor;

import io.jocker.supervisor.AttachFrames.Frame;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * A client's attach connection to the supervisor, after its {@code ok}: the container's output and
 * finally its exit status come in as frames; input, its end and window sizes go out. One thread
 * reads while others write.
 */
public final class AttachConnection implements AutoCloseable {

    private final SocketChannel channel;
    private final AttachFrames.Reader frames;

    AttachConnection(SocketChannel channel) {
        this.channel = channel;
        this.frames = new AttachFrames.Reader(channel);
    }

    /**
     * The next frame from the supervisor ({@link AttachFrames#STDOUT}, STDERR, or EXIT last);
     * empty when the connection ended without an exit status (the supervisor died).
     */
    public Optional<Frame> next() throws IOException {
        return frames.next();
    }

    /** Sends {@code length} bytes of input for the container. */
    public synchronized void input(byte[] data, int length) throws IOException {
        for (int offset = 0; offset < length; offset += AttachFrames.MAX_PAYLOAD) {
            AttachFrames.write(channel, AttachFrames.encode(AttachFrames.STDIN, data, offset,
                    Math.min(AttachFrames.MAX_PAYLOAD, length - offset)));
        }
    }

    /** The client's input ended. */
    public synchronized void inputEnded() throws IOException {
        AttachFrames.write(channel, AttachFrames.encode(AttachFrames.STDIN_END, new byte[0], 0, 0));
    }

    /** The client's terminal has this size. */
    public synchronized void resize(int rows, int columns) throws IOException {
        AttachFrames.write(channel, AttachFrames.resize(rows, columns));
    }

    /** Leaves the container running; a thread blocked in {@link #next()} gets an exception. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
