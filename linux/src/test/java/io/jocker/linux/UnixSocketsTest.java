package io.jocker.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A descriptor passed over a real Unix socket reaches the other side as the same open file. */
class UnixSocketsTest {

    @TempDir Path temp;

    @Test
    void aPipesWriteEndSentByPathIsUsableOnTheReceivingSide() throws Exception {
        String path = temp.resolve("console.sock").toString();
        int listening = UnixSockets.listen(path);
        Fds.Pair pipe = Fds.pipe(Fds.O_CLOEXEC);
        int client = -1;
        int server = -1;
        UnixSockets.Received received = null;
        try {
            client = UnixSockets.connect(path);
            server = UnixSockets.accept(listening);
            UnixSockets.sendFd(client, "/dev/ptmx", pipe.second());
            received = UnixSockets.receiveFd(server);
            assertEquals("/dev/ptmx", received.name());
            Fds.writeFully(received.fd(), "through the socket".getBytes(StandardCharsets.UTF_8));
            byte[] buffer = new byte[64];
            int n = Fds.read(pipe.first(), buffer, buffer.length);
            assertEquals("through the socket", new String(buffer, 0, n, StandardCharsets.UTF_8));
        } finally {
            Fds.closeQuietly(client);
            Fds.closeQuietly(server);
            Fds.closeQuietly(listening);
            Fds.closeQuietly(pipe.first());
            Fds.closeQuietly(pipe.second());
            if (received != null) {
                Fds.closeQuietly(received.fd());
            }
        }
    }

    @Test
    void aPathLongerThanSunPathIsRefusedBeforeAnySocketIsMade() throws LinuxException {
        LinuxException e = assertThrows(LinuxException.class, () -> UnixSockets.connect("/" + "x".repeat(107)));
        assertEquals(Errno.ENAMETOOLONG, e.errno());
        assertArrayEquals(new byte[] {1, 0, '/', 'a', 0}, UnixSockets.address("/a"));
    }
}
