package io.jocker.registry;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code docker-registry} (the reference implementation) on 127.0.0.1 with its storage
 * in a directory of the test's, over plain HTTP or with {@code extra} configuration (TLS, auth);
 * its access log tells the test which requests a client sent.
 */
final class DockerRegistry implements AutoCloseable {

    private static final Pattern ACCESS = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" ([0-9]{3}) ");

    private final Process process;
    private final String address;
    private final List<String> requests = new ArrayList<>();

    private DockerRegistry(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    static DockerRegistry start(Path dir, String extra) throws IOException {
        return start(dir, "127.0.0.1", "", extra);
    }

    /**
     * On {@code host} (an IP address) and a free port; {@code http} is more of its {@code http:}
     * section ({@code tls:}), indented by four spaces, {@code extra} more sections ({@code auth:}).
     */
    static DockerRegistry start(Path dir, String host, String http, String extra) throws IOException {
        String address;
        try (ServerSocket free = new ServerSocket(0)) {
            address = host + ":" + free.getLocalPort();
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: "
                + dir.resolve("data") + "\nhttp:\n  addr: " + address + "\n  secret: test\n" + http + extra);
        Process started = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        DockerRegistry registry = new DockerRegistry(started, address);
        BufferedReader log = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = log.readLine(); ; line = log.readLine()) {
            if (line == null) {
                throw new IOException("docker-registry exited before it listened (apt-get install docker-registry):\n" + seen);
            }
            seen.append(line).append('\n');
            if (line.contains("listening on")) {
                break;
            }
        }
        Thread reader = new Thread(() -> registry.read(log), "docker-registry-log");
        reader.setDaemon(true);
        reader.start();
        return registry;
    }

    private void read(BufferedReader log) {
        try {
            for (String line = log.readLine(); line != null; line = log.readLine()) {
                Matcher access = ACCESS.matcher(line);
                if (access.find()) {
                    synchronized (requests) {
                        requests.add(access.group(1) + " " + access.group(2) + " " + access.group(3));
                        requests.notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // The registry was stopped.
        }
    }

    String address() {
        return address;
    }

    /**
     * The requests ({@code METHOD PATH STATUS}) a plain HTTP registry answered since the last call: a marker
     * request is sent and waited for in the log, so that every earlier request is in it.
     */
    List<String> takeRequests() throws IOException, InterruptedException {
        String marker = "/v2/marker/" + UUID.randomUUID() + "/tags/list";
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + address + marker)).build(),
                HttpResponse.BodyHandlers.discarding());
        synchronized (requests) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (requests.stream().noneMatch(r -> r.contains(marker))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the registry never logged " + marker);
                }
                TimeUnit.NANOSECONDS.timedWait(requests, left);
            }
            List<String> taken = requests.stream().filter(r -> !r.contains(marker)).toList();
            requests.clear();
            return taken;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
