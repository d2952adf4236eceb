package io.jocker.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real registry that drops, once, the first connection
 * whose answer grows past {@code cutAfter} bytes: a connection lost in the middle of a blob, which
 * the registry itself never produces.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long cutAfter;
    private final AtomicBoolean cut = new AtomicBoolean();
    final AtomicInteger connections = new AtomicInteger();

    CuttingProxy(String targetAddress, long cutAfter) throws IOException {
        int colon = targetAddress.lastIndexOf(':');
        this.target = new InetSocketAddress(targetAddress.substring(0, colon), Integer.parseInt(targetAddress.substring(colon + 1)));
        this.cutAfter = cutAfter;
        this.server = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
        Thread accept = new Thread(this::accept, "cutting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Whether a connection was dropped. */
    boolean cut() {
        return cut.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                connections.incrementAndGet();
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answer) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            long copied = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    copied += n;
                    if (answer && copied > cutAfter && cut.compareAndSet(false, true)) {
                        break;
                    }
                }
            } catch (IOException e) {
                // The other side closed: so does this one.
            } finally {
                close(from);
                close(to);
            }
        }, "cutting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is wanted.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
