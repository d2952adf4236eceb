package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.linux.Fds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class InitChannelTest {

    private Fds.Pair pair;

    @BeforeEach
    void connect() throws IOException {
        pair = Fds.socketPair(Fds.SOCK_STREAM | Fds.SOCK_CLOEXEC);
    }

    @AfterEach
    void close() {
        Fds.closeQuietly(pair.first());
        Fds.closeQuietly(pair.second());
    }

    @Test
    void messagesArriveWholeAndInOrderThenEndOfFile() throws Exception {
        InitChannel engine = new InitChannel(pair.first());
        InitChannel init = new InitChannel(pair.second());
        byte[] big = new byte[300_000];
        big[299_999] = 7;
        // Larger than the socket buffer: the writer must run while the reader reads.
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                engine.send(InitChannel.CONFIG, big);
                engine.send(InitChannel.GO, new byte[0]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        InitChannel.Message config = init.receive(-1).orElseThrow();
        assertEquals(InitChannel.CONFIG, config.type());
        assertArrayEquals(big, config.payload());
        assertEquals(InitChannel.GO, init.receive(-1).orElseThrow().type());
        sent.get(10, TimeUnit.SECONDS);
        init.send(InitChannel.READY, 42);
        init.send(InitChannel.NOT_FOUND, "exec: \"ü\"");
        assertEquals(42, engine.receive(1000).orElseThrow().number());
        assertEquals("exec: \"ü\"", engine.receive(1000).orElseThrow().text());
        Fds.close(pair.second());
        pair = new Fds.Pair(pair.first(), -1);
        assertTrue(engine.receive(1000).isEmpty());
    }

    @Test
    void silentPeerTimesOut() {
        InitChannel engine = new InitChannel(pair.first());
        IOException e = assertThrows(IOException.class, () -> engine.receive(50));
        assertEquals("the container init did not answer in time", e.getMessage());
    }
}
