package io.jocker.supervisor;

import io.jocker.supervisor.AttachFrames.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** Two connected Unix sockets: the supervisor's end and the client's, which reads as a client does. */
record SocketPair(SocketChannel supervisor, SocketChannel client) implements AutoCloseable {

    static SocketPair open(Path dir) throws IOException {
        Path path = dir.resolve("s" + System.nanoTime() + ".sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
            return new SocketPair(server.accept(), client);
        }
    }

    /** The reply line the supervisor wrote, read a byte at a time so that the frames after it stay unread. */
    String replyLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (client.read(one) < 0) {
                throw new IOException("no reply line, only \"" + line.toString(StandardCharsets.UTF_8) + "\"");
            }
            if (one.get(0) == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(one.get(0));
        }
    }

    Optional<Frame> nextFrame() throws IOException {
        return new AttachFrames.Reader(client).next();
    }

    /** Sends a frame as the client. */
    void send(java.nio.ByteBuffer frame) throws IOException {
        AttachFrames.write(client, frame);
    }

    void sendInput(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        send(AttachFrames.encode(AttachFrames.STDIN, bytes, 0, bytes.length));
    }

    @Override
    public void close() throws IOException {
        supervisor.close();
        client.close();
    }
}
