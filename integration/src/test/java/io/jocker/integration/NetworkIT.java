package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli.Route;
import io.jocker.testing.LeakCheck;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networking for real, inside a network namespace this test creates (and deletes): every jocker
 * command runs in it through {@code nsenter --net}, so the host's interfaces, routes, firewall and
 * sysctls are never touched. The namespace has loopback up and an interface with
 * {@value #HOST_ADDRESS}, which stands for the host's own address. One root for the class, its
 * commands served by a warm supervisor as users' are (CI's route for end-to-end tests).
 */
class NetworkIT {

    private static final String HOST_ADDRESS = "192.0.2.10";
    private static final String NS = "jocker-it-" + ProcessHandle.current().pid();
    private static final String BUSYBOX = "/bin/busybox";

    @TempDir
    static Path tmp;

    private static JockerCli jocker;
    private static LeakCheck leaks;
    private static String linksBefore;

    @BeforeAll
    static void namespaceAndImage() throws Exception {
        sh("ip", "netns", "add", NS);
        inNs("ip", "link", "set", "lo", "up");
        // A new namespace inherits the host's ip_forward; off in this one, jocker must switch it on (and say so).
        inNs("sh", "-c", "echo 0 > /proc/sys/net/ipv4/ip_forward");
        // A veth pair, not a dummy interface: this kernel has no dummy driver.
        inNs("ip", "link", "add", "hostif", "type", "veth", "peer", "name", "hostpeer");
        inNs("ip", "addr", "add", HOST_ADDRESS + "/24", "dev", "hostif");
        inNs("ip", "link", "set", "hostif", "up");
        inNs("ip", "link", "set", "hostpeer", "up");
        jocker = inNamespace(new JockerCli(JockerCli.distribution(), tmp.resolve("root"))).route(Route.WARM);
        leaks = LeakCheck.of(jocker.root());
        assertOk(jocker.run("import", BusyboxRootfs.tar().toString(), "busybox"));
        linksBefore = links();
    }

    @AfterEach
    void removeContainersAndNetworks() throws Exception {
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        jocker.run("ps", "-aq", "--no-trunc").stdout().lines().filter(id -> !id.isBlank()).forEach(rm::add);
        if (rm.size() > 2) {
            assertOk(jocker.run(rm.toArray(String[]::new)));
        }
        jocker.run("network", "prune", "-f");
    }

    /** Every command, the supervisor included, runs in the test's namespace, where the default network is a bridge. */
    private static JockerCli inNamespace(JockerCli cli) {
        return cli.prefix(List.of("nsenter", "--net=/run/netns/" + NS)).env("JOCKER_DEFAULT_NETWORK", "bridge");
    }

    @AfterAll
    static void nothingLeftThenNamespaceGone() throws Exception {
        try {
            SupervisorProcesses.stop(jocker.root());
            assertEquals(linksBefore, links().replace(bridgeLine(), ""), "no interface but the default bridge is left");
            assertFalse(endpointsOnly().contains("\"containerId\""), "no IPAM entry is left");
            for (String map : List.of("tcp_any", "udp_any", "tcp_host", "udp_host")) {
                String elements = inNs("nft", "list", "map", "ip", "jocker", map);
                assertFalse(elements.contains("elements"), "no published port is left: " + elements);
            }
            String self = inNs("nft", "list", "set", "ip", "jocker", "self");
            assertTrue(self.contains("type ipv4_addr . ipv4_addr") && !self.contains("elements"), "no hairpin element is left: " + self);
            leaks.assertClean();
        } finally {
            sh("ip", "netns", "del", NS);
        }
    }

    @Test
    void containersOnANetworkReachEachOtherAndPublishedPortsAnswerFromEverywhere() throws Exception {
        assertOk(jocker.run("network", "create", "--subnet", "10.88.0.0/24", "app"));
        String web = detached("--name", "web", "--network", "app", "--network-alias", "www", "-p", "8080:80", "busybox",
                "httpd", "-f", "-p", "80", "-h", "/etc");
        String shortId = web.substring(0, 12);
        Result peer = jocker.run("run", "--rm", "--network", "app", "busybox", "sh", "-c",
                "ping -c1 -W2 web && ping -c1 -W2 www && ping -c1 -W2 " + shortId + " && ping -c1 -W2 10.88.0.2 && wget -q -O - http://www/hostname"
                        + " && timeout 10 wget -q -O - http://" + HOST_ADDRESS + ":8080/hostname");
        assertOk(peer);
        assertTrue(peer.stdout().endsWith(shortId + "\n" + shortId + "\n"), "by name, and through the host's address from its own bridge: " + peer);
        Result bridged = jocker.run("run", "--rm", "busybox", "ping", "-c1", "-W2", "web");
        assertNotEquals(0, bridged.exitCode(), "the default bridge resolves no names: " + bridged);
        assertEquals(shortId, wgetFromNs("127.0.0.1:8080"), "the host's loopback");
        assertEquals(shortId, wgetFromNs(HOST_ADDRESS + ":8080"), "the host's address");
        Result hairpin = jocker.run("run", "--rm", "busybox", "wget", "-q", "-O", "-", "http://" + HOST_ADDRESS + ":8080/hostname");
        assertOk(hairpin);
        assertEquals(shortId, hairpin.stdout().trim(), "a container on another network (the default bridge), through the host's address");
        // busybox's own timeout, not wget -T: this busybox's wget crashes (SIGSEGV) with -T.
        Result self = jocker.run("exec", "web", "timeout", "10", "wget", "-q", "-O", "-", "http://" + HOST_ADDRESS + ":8080/hostname");
        assertOk(self);
        assertEquals(shortId, self.stdout().trim(), "the container itself, through the host's address (hairpin)");
        assertEquals("0.0.0.0:8080->80/tcp\n", jocker.run("ps", "--filter", "name=web", "--format", "{{.Ports}}").stdout());
        assertEquals("80/tcp -> 0.0.0.0:8080\n", jocker.run("port", "web").stdout());
        assertEquals("10.88.0.2\n", jocker.run("inspect", "-f", "{{.NetworkSettings.Networks.app.IPAddress}}", "web").stdout());
        Result plain = jocker.run("create", "busybox", "true");
        assertOk(plain);
        assertOk(jocker.run("commit", "-c", "EXPOSE 80", plain.stdout().trim(), "exposing"));
        assertEquals("{\"80/tcp\":{}}\n", jocker.run("inspect", "-f", "{{json .Config.ExposedPorts}}", "exposing").stdout());
        String exposed = detached("--expose", "7000/udp", "-P", "exposing", "httpd", "-f", "-p", "80", "-h", "/etc");
        Result chosen = jocker.run("port", exposed, "80");
        assertOk(chosen);
        assertEquals(exposed.substring(0, 12), wgetFromNs(chosen.stdout().trim().replace("0.0.0.0", "127.0.0.1")),
                "-P publishes the image's EXPOSE: " + chosen);
        assertTrue(jocker.run("port", exposed, "7000/udp").stdout().startsWith("0.0.0.0:"), "-P publishes --expose too");
        String other = detached("busybox", "sleep", "60");
        assertOk(jocker.run("network", "connect", "--alias", "late", "app", other));
        String address = jocker.run("inspect", "-f", "{{.NetworkSettings.Networks.app.IPAddress}}", other).stdout().trim();
        assertTrue(jocker.run("exec", other, "ip", "-o", "-4", "addr", "show", "eth1").stdout().contains(address + "/24"),
                "the running container has its new interface at once: " + address);
        assertTrue(jocker.run("exec", web, "cat", "/etc/hosts").stdout().contains(address + "\t"), "the peer's /etc/hosts names it");
        assertOk(jocker.run("exec", other, "ping", "-c1", "-W2", "web"));
        assertOk(jocker.run("exec", web, "ping", "-c1", "-W2", "late"));
        assertOk(jocker.run("network", "disconnect", "app", other));
        Result left = jocker.run("exec", other, "ip", "-o", "link");
        assertFalse(left.stdout().contains("eth1"), left::toString);
        assertFalse(jocker.run("exec", web, "cat", "/etc/hosts").stdout().contains(address + "\t"), "the peer's /etc/hosts forgets it");
        assertEquals("10.88.0.2/24 \n", jocker.run("network", "inspect", "-f", "{{range .Containers}}{{.IPv4Address}} {{end}}", "app").stdout(),
                "its address is released");
        assertOk(jocker.run("network", "connect", "app", other));
        assertTrue(jocker.run("exec", other, "ip", "-o", "-4", "addr", "show", "eth1").stdout().contains(address + "/24"),
                "and handed out again");
        Result inUse = jocker.run("network", "rm", "app");
        assertEquals(1, inUse.exitCode(), inUse::toString);
        assertTrue(inUse.stderr().contains("has active endpoints"), inUse::toString);
    }

    @Test
    void networkModes() throws Exception {
        Result none = jocker.run("run", "--rm", "--network", "none", "busybox", "ip", "-o", "link");
        assertOk(none);
        assertEquals(1, none.stdout().lines().count(), "only lo: " + none);
        Result host = jocker.run("run", "--rm", "--net", "host", "busybox", "ip", "-o", "addr");
        assertOk(host);
        assertTrue(host.stdout().contains(HOST_ADDRESS), host::toString);
        String owner = detached("busybox", "sleep", "60");
        Result joined = jocker.run("run", "--rm", "--network", "container:" + owner, "busybox", "ip", "-o", "-4", "addr", "show", "eth0");
        Result own = jocker.run("exec", owner, "ip", "-o", "-4", "addr", "show", "eth0");
        assertOk(joined);
        assertEquals(own.stdout(), joined.stdout(), "one network stack");
        Result internal = jocker.run("network", "create", "--internal", "closed");
        assertOk(internal);
        Result out = jocker.run("run", "--rm", "--network", "closed", "busybox", "ping", "-c1", "-W1", HOST_ADDRESS);
        assertNotEquals(0, out.exitCode(), "an internal network reaches nothing outside: " + out);
        assertOk(jocker.run("run", "--rm", "busybox", "ping", "-c1", "-W2", HOST_ADDRESS));
        assertTrue(jocker.run("info").stdout().contains("IPv4 Forwarding: enabled (by jocker)"));
        Result pruned = jocker.run("system", "prune", "-f");
        assertOk(pruned);
        assertTrue(pruned.stdout().contains("Deleted Networks:\nclosed\n\n"), "system prune removes an unused network: " + pruned);
        assertFalse(jocker.run("network", "ls", "--format", "{{.Name}}").stdout().contains("closed"));
    }

    @Test
    void badInputIsRefusedWith125AndCreatesNothing() throws Exception {
        assertOk(jocker.run("network", "create", "--subnet", "10.89.0.0/24", "taken"));
        String networks = jocker.run("network", "ls", "-q").stdout();
        for (List<String> bad : List.of(
                List.of("network", "create", "--subnet", "10.89.0.0/16", "overlap"),
                List.of("network", "create", "--subnet", "10.90.0.0/33", "cidr"),
                List.of("network", "create", "--subnet", "10.90.0.0/24", "--gateway", "10.91.0.1", "gateway"),
                List.of("network", "create", "taken"),
                List.of("run", "--rm", "--network", "taken", "--ip", "10.92.0.5", "busybox", "true"),
                List.of("run", "--rm", "--network", "nosuch", "busybox", "true"),
                List.of("run", "--rm", "-p", "80:99999", "busybox", "true"),
                List.of("run", "--rm", "--network", "host", "--sysctl", "net.ipv4.ip_forward=0", "busybox", "true"))) {
            Result r = jocker.run(bad.toArray(String[]::new));
            assertEquals(125, r.exitCode(), r::toString);
            assertTrue(r.stderr().startsWith("jocker: ") && r.stderr().lines().count() <= 2, r::toString);
        }
        assertEquals(networks, jocker.run("network", "ls", "-q").stdout());
        assertEquals("", jocker.run("ps", "-aq").stdout());
        detached("--name", "holder", "-p", "8081:80", "busybox", "sleep", "60");
        Result byJocker = jocker.run("run", "--rm", "-p", "8081:80", "busybox", "true");
        assertEquals(125, byJocker.exitCode(), byJocker::toString);
        assertTrue(byJocker.stderr().contains("port is already allocated"), byJocker::toString);
        Process listener = new ProcessBuilder("nsenter", "--net=/run/netns/" + NS, BUSYBOX, "nc", "-l", "-p", "8082").start();
        try {
            waitFor(() -> inNs("ss", "-H", "-t", "-l", "sport", "= :8082").contains("8082"));
            Result byOther = jocker.run("run", "--rm", "-p", "8082:80", "busybox", "true");
            assertEquals(125, byOther.exitCode(), byOther::toString);
            assertTrue(byOther.stderr().contains("address already in use"), byOther::toString);
        } finally {
            listener.destroyForcibly().waitFor();
        }
        assertEquals(1, jocker.run("ps", "-q").stdout().lines().count(), "only the holder runs");
    }

    @Test
    void manyCyclesAndConcurrentRunsLeaveNothingAndShareNoAddress() throws Exception {
        assertOk(jocker.run("network", "create", "--subnet", "10.93.0.0/24", "churn"));
        String rulesBefore = inNs("nft", "list", "ruleset");
        String stateBefore = endpointsOnly();
        for (int i = 0; i < 50; i++) {
            Result r = jocker.run("run", "--rm", "--network", "churn", "-p", "9000:80", "busybox", "true");
            assertOk(r);
        }
        assertEquals(rulesBefore, inNs("nft", "list", "ruleset"));
        assertEquals(stateBefore, endpointsOnly());
        // Half served by the one supervisor (threads), half in JVMs of their own (processes): both must exclude each other.
        JockerCli ownJvms = inNamespace(new JockerCli(JockerCli.distribution(), jocker.root()));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Result>> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            JockerCli client = i % 2 == 0 ? jocker : ownJvms;
            runs.add(pool.submit(() -> client.run("run", "-d", "--network", "churn", "busybox", "sleep", "60")));
        }
        for (Future<Result> f : runs) {
            assertOk(f.get());
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        Result addresses = jocker.run("network", "inspect", "-f", "{{range .Containers}}{{.IPv4Address}} {{end}}", "churn");
        List<String> list = List.of(addresses.stdout().trim().split(" "));
        assertEquals(6, list.size(), addresses::toString);
        assertEquals(6, new HashSet<>(list).size(), "no address twice: " + list);
    }

    @Test
    void udpPortsArePublished() throws Exception {
        String box = detached("-p", "5353:53/udp", "busybox", "sleep", "60");
        String netns = "--net=/proc/" + jocker.run("inspect", "-f", "{{.State.Pid}}", box).stdout().trim() + "/ns/net";
        // busybox's nc has no UDP mode here: the host's perl answers in the container's network namespace.
        Process server = new ProcessBuilder("nsenter", netns, "perl", "-MIO::Socket::INET", "-e",
                "my $s = IO::Socket::INET->new(LocalPort => 53, Proto => 'udp') or die $!;"
                        + " while ($s->recv(my $m, 512)) { $s->send('pong ' . $m) }").redirectErrorStream(true).start();
        try {
            waitFor(() -> sh("nsenter", netns, "ss", "-H", "-u", "-l", "sport", "= :53").contains(":53"));
            assertEquals("pong ping", udpFromNs("127.0.0.1"), "the host's loopback");
            assertEquals("pong ping", udpFromNs(HOST_ADDRESS), "the host's address");
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void anEndpointWhoseCommandWasKilledIsReclaimedByTheNextCommand() throws Exception {
        assertOk(jocker.run("network", "create", "--subnet", "10.94.0.0/24", "crash"));
        String[] run = {"run", "--rm", "--network", "crash", "-p", "8086:80", "busybox", "true"};
        FaultPointControl faults = new FaultPointControl(tmp.resolve("faults"));
        faults.arm("start.networked");
        List<String> line = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + NS,
                JockerCli.distribution().resolve("bin/jocker").toString(), "--root", jocker.root().toString()));
        line.addAll(List.of(run));
        ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.out").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JOCKER_FAST_PATH", "off");
        pb.environment().put("JOCKER_DEFAULT_NETWORK", "bridge");
        pb.environment().put(FaultPointControl.ENV, faults.dir().toString());
        Process client = pb.start();
        long holder = faults.awaitReached("start.networked", client, "run");
        Matcher endpoint = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)").matcher(endpointsOnly());
        assertTrue(endpoint.find(), "the endpoint is recorded before the driver connects it");
        ProcessHandle init = ProcessHandle.of(Long.parseLong(endpoint.group(1))).orElseThrow();
        assertTrue(inNs("nft", "list", "map", "ip", "jocker", "tcp_any").contains("8086"), "its port is published");
        ProcessHandle.of(holder).orElseThrow().destroyForcibly();
        client.waitFor(60, TimeUnit.SECONDS);
        faults.releaseAll();
        init.onExit().get(60, TimeUnit.SECONDS);

        assertOk(jocker.run(run));
        assertFalse(inNs("nft", "list", "map", "ip", "jocker", "tcp_any").contains("8086"), "the killed run's port is released");
        assertFalse(endpointsOnly().contains("\"containerId\""), "its address is released");
        assertFalse(links().contains("vj"), "no veth is left");

        String detachedOne = detached("--network", "crash", "-p", "8087:80", "busybox", "sleep", "60");
        ProcessHandle pid1 = ProcessHandle.of(Long.parseLong(jocker.run("inspect", "-f", "{{.State.Pid}}", detachedOne).stdout().trim()))
                .orElseThrow();
        ProcessHandle supervisor = SupervisorProcesses.of(jocker.root()).orElseThrow();
        supervisor.destroyForcibly();
        supervisor.onExit().get(60, TimeUnit.SECONDS);
        pid1.destroyForcibly();
        pid1.onExit().get(60, TimeUnit.SECONDS);
        assertOk(jocker.run("run", "--rm", "--network", "crash", "-p", "8087:80", "busybox", "true"));
        assertFalse(endpointsOnly().contains("\"containerId\""), "the address of the container whose supervisor was killed is released");
        assertFalse(links().contains("vj"), "no veth is left");
    }

    private static String endpointsOnly() throws IOException {
        Path endpoints = jocker.root().resolve("network/endpoints.json");
        return Files.exists(endpoints) ? Files.readString(endpoints) : "[]";
    }

    /** A datagram "ping" to port 5353 from the namespace, and the answer; sent again if none comes. */
    private static String udpFromNs(String address) throws Exception {
        return inNs("perl", "-MIO::Socket::INET", "-MIO::Select", "-e",
                "my $c = IO::Socket::INET->new(PeerAddr => '" + address + "', PeerPort => 5353, Proto => 'udp') or die $!;"
                        + " my $sel = IO::Select->new($c);"
                        + " for (1 .. 5) { $c->send('ping'); if ($sel->can_read(2)) { $c->recv(my $r, 512); print $r; exit 0 } }"
                        + " print 'no answer'; exit 1").trim();
    }

    private static String wgetFromNs(String address) throws Exception {
        return inNs(BUSYBOX, "wget", "-q", "-O", "-", "http://" + address + "/hostname").trim();
    }

    private static String detached(String... args) throws Exception {
        List<String> full = new ArrayList<>(List.of("run", "-d"));
        full.addAll(List.of(args));
        Result r = jocker.run(full.toArray(String[]::new));
        assertOk(r);
        return r.stdout().trim();
    }

    private static String bridgeLine() throws Exception {
        return links().lines().filter(l -> l.contains("jocker0")).findFirst().map(l -> l + "\n").orElse("");
    }

    /** Every interface of the namespace, one line each, without what changes by itself (counters, indexes of peers). */
    private static String links() throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : inNs("ip", "-o", "link").split("\n")) {
            String[] fields = line.split(": ");
            if (fields.length > 1) {
                out.append(fields[1]).append('\n');
            }
        }
        return out.toString();
    }

    private static String inNs(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + NS));
        full.addAll(List.of(command));
        return sh(full.toArray(String[]::new));
    }

    private static String sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check) throws Exception {
        for (int i = 0; i < 200 && !check.ok(); i++) {
            Thread.sleep(25);
        }
    }

    private static void assertOk(Result r) {
        assertEquals(0, r.exitCode(), r::toString);
    }
}
