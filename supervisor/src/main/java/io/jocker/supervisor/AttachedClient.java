package io.jocker.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One {@code attach} connection on the supervisor's side. The container's output is queued here
 * and written by a thread of this client's own, so that the thread copying the container's output
 * into its log never waits on a socket; a client that falls behind by a full queue slows the
 * container's output down (as a slow attach does in Docker), and one that is gone is dropped.
 */
final class AttachedClient {

    private static final Logger LOG = Logger.getLogger(AttachedClient.class.getName());
    private static final int QUEUED_FRAMES = 64;
    private static final long OFFER_MILLIS = 100;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final boolean stdin;
    private final BlockingQueue<ByteBuffer> outgoing = new ArrayBlockingQueue<>(QUEUED_FRAMES);
    private volatile boolean closed;

    /** {@code stdin}: the client sends input for the container. */
    AttachedClient(SocketChannel channel, boolean stdin) {
        this.channel = channel;
        this.stdin = stdin;
    }

    boolean sendsInput() {
        return stdin;
    }

    /** Starts writing the queued frames; the reply line must have been written before. */
    void startSending() {
        Thread sender = new Thread(this::sendQueued, "jocker-attach-output");
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues {@code length} bytes of output of {@code type} ({@link AttachFrames#STDOUT} or STDERR). */
    void output(byte type, byte[] data, int length) {
        for (int offset = 0; offset < length; offset += AttachFrames.MAX_PAYLOAD) {
            enqueue(AttachFrames.encode(type, data, offset, Math.min(AttachFrames.MAX_PAYLOAD, length - offset)));
        }
    }

    /** The container exited: its status is the last frame, then the connection closes. */
    void finish(int exitCode) {
        enqueue(AttachFrames.exit(exitCode));
        enqueue(END);
    }

    private void enqueue(ByteBuffer frame) {
        try {
            while (!closed) {
                if (outgoing.offer(frame, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendQueued() {
        try {
            while (true) {
                ByteBuffer frame = outgoing.take();
                if (frame == END) {
                    return;
                }
                AttachFrames.write(channel, frame);
            }
        } catch (IOException e) {
            LOG.fine(() -> "attached client gone: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** Drops the client: its connection closes and nothing more is queued for it. */
    void close() {
        closed = true;
        outgoing.clear();
        outgoing.offer(END);
        try {
            channel.close();
        } catch (IOException e) {
            LOG.fine(() -> "closing an attach connection: " + e.getMessage());
        }
    }
}
