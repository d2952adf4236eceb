package io.jocker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A client's own thread ends when it is stopped, so that the JVM need not wait for it at exit; other clients keep theirs. */
class HttpClientShutdownTest {

    private static Set<Thread> threads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** A client that has made one request, and the threads it started. */
    private record Used(HttpClient client, List<Thread> threads) {}

    private static Used used(HttpServer server) throws Exception {
        Set<Thread> before = threads();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        Set<Thread> started = threads();
        started.removeAll(before);
        return new Used(client, started.stream().filter(t -> t.getName().endsWith("-SelectorManager")).toList());
    }

    @Test
    void theSelectorThreadOfTheStoppedClientEnds() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            Used stopped = used(server);
            Used other = used(server);
            assertEquals(1, stopped.threads().size(), stopped.threads().toString());

            HttpClientShutdown.stop(stopped.client());
            stopped.threads().get(0).join(10_000);
            assertFalse(stopped.threads().get(0).isAlive(), "the stopped client's selector thread ended");
            assertEquals(List.of(true), other.threads().stream().map(Thread::isAlive).toList(), "the other client's runs on");
            HttpClientShutdown.stop(other.client());
        } finally {
            server.stop(0);
        }
    }
}
