package io.jocker.namespaces;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The framed conversation between the engine and the container init over the socket on the
 * init's fd 3: a type byte, a 4-byte length, the payload. End of file from the init after
 * {@link #GO} means its execve succeeded (fd 3 is close-on-exec).
 */
final class InitChannel {

    /**
     * Engine to init, before {@link #CONFIG}, only to an init started ahead of its container:
     * four of the engine's fds (ints), which the init takes with pidfd_getfd through the
     * engine's pidfd on {@link NamespaceSpawner#PARENT_PIDFD}: those that become its 0, 1 and 2
     * (-1: keep /dev/null), and a detached copy of the container's root file system mount
     * (open_tree), made after the init's mount namespace was.
     */
    static final byte HANDOVER = 'H';
    /** Engine to init: the encoded {@link InitConfig}. */
    static final byte CONFIG = 'C';
    /** Init to engine: mounts done, waiting for placement; payload: the pty master fd in the init, or -1. */
    static final byte READY = 'R';
    /** Engine to init: placed, go on and exec. */
    static final byte GO = 'G';
    /**
     * Init to engine, instead of end of file after {@link #GO}, when the config names a start
     * gate: everything is set up and the init waits at the gate for its command to be started.
     */
    static final byte GATED = 'W';
    /** Init to engine: setup failed; payload: the message. */
    static final byte FAILED = 'F';
    /** Init to engine: the command does not exist; payload: Docker's message. */
    static final byte NOT_FOUND = 'N';
    /** Init to engine: the command exists but cannot be executed; payload: Docker's message. */
    static final byte NOT_EXECUTABLE = 'X';

    private static final int HEADER = 5;
    private static final int MAX_PAYLOAD = 16 << 20;

    private int fd;

    InitChannel(int fd) {
        this.fd = fd;
    }

    /**
     * Moves the channel to an fd not below {@code lowest} (close-on-exec, as before), freeing
     * its old one for the command's preserved fds.
     */
    void moveAbove(int lowest) throws LinuxException {
        int moved = Fds.dup(fd, lowest);
        Fds.close(fd);
        fd = moved;
    }

    /** One message. */
    record Message(byte type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int number() {
            return ByteBuffer.wrap(payload).getInt();
        }
    }

    void send(byte type, byte[] payload) throws LinuxException {
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
        frame.put(type).putInt(payload.length).put(payload);
        Fds.writeFully(fd, frame.array());
    }

    void send(byte type, String text) throws LinuxException {
        send(type, text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte type, int number) throws LinuxException {
        send(type, ByteBuffer.allocate(4).putInt(number).array());
    }

    /** Whether a message (or end of file) is waiting to be read. */
    boolean ready() throws LinuxException {
        return Fds.poll(fd, Fds.POLLIN, 0) != 0;
    }

    /**
     * The next message, or empty at end of file. With a timeout (milliseconds, negative for
     * none) a silent peer ends in an {@link IOException}.
     */
    Optional<Message> receive(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] header = new byte[HEADER];
        if (!readFully(header, deadline, timeoutMillis, true)) {
            return Optional.empty();
        }
        ByteBuffer parsed = ByteBuffer.wrap(header);
        byte type = parsed.get();
        int length = parsed.getInt();
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("corrupt message from the container init (length " + length + ")");
        }
        byte[] payload = new byte[length];
        if (!readFully(payload, deadline, timeoutMillis, false)) {
            throw new IOException("the container init closed its channel in the middle of a message");
        }
        return Optional.of(new Message(type, payload));
    }

    private boolean readFully(byte[] target, long deadline, long timeoutMillis, boolean eofAllowed) throws IOException {
        int filled = 0;
        byte[] chunk = new byte[target.length];
        while (filled < target.length) {
            if (timeoutMillis >= 0) {
                awaitReadable(deadline);
            }
            int n = Fds.read(fd, chunk, target.length - filled);
            if (n == 0) {
                if (filled == 0 && eofAllowed) {
                    return false;
                }
                throw new IOException("the container init closed its channel in the middle of a message");
            }
            System.arraycopy(chunk, 0, target, filled, n);
            filled += n;
        }
        return true;
    }

    private void awaitReadable(long deadline) throws IOException {
        while (true) {
            long remaining = (deadline - System.nanoTime()) / 1_000_000L;
            if (remaining <= 0) {
                throw new IOException("the container init did not answer in time");
            }
            if (Fds.poll(fd, Fds.POLLIN, (int) Math.min(remaining, Integer.MAX_VALUE)) != 0) {
                return;
            }
        }
    }
}
