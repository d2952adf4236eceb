package io.jocker.network.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.Endpoint;
import io.jocker.spi.Ipv4;
import io.jocker.spi.NetworkException;
import io.jocker.spi.NetworkSpec;
import io.jocker.spi.PortBinding;
import io.jocker.spi.Subnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many processes a container's connection and disconnection cost: each one is paid on every start. */
class BridgeDriverProcessesTest {

    private static final NetworkSpec NETWORK = new NetworkSpec("ab".repeat(32), "n", Subnet.parse("10.5.0.0/24"),
            Ipv4.parse("10.5.0.1"), false, Map.of());
    private static final Endpoint PLAIN = endpoint(List.of());
    private static final Endpoint PUBLISHING = endpoint(List.of(new PortBinding("tcp", 80, "0.0.0.0", 8080)));

    @TempDir
    Path proc;

    private final Recording commands = new Recording();
    private BridgeDriver driver;

    private static Endpoint endpoint(List<PortBinding> ports) {
        return new Endpoint("cd".repeat(32), "eth0", Ipv4.parse("10.5.0.2"), "02:42:0a:05:00:02", ports);
    }

    /** Records each command line (its program's name and first argument) and answers from a script, success by default. */
    private static final class Recording extends Commands {
        final List<String> ran = new ArrayList<>();
        final Deque<Result> answers = new ArrayDeque<>();

        @Override
        Result attempt(List<String> argv, String input) {
            ran.add(Path.of(argv.get(0)).getFileName() + " " + argv.get(1));
            return answers.isEmpty() ? new Result(0, "", "") : answers.poll();
        }
    }

    @BeforeEach
    void driverWithItsBridgeUp() throws Exception {
        Files.createDirectories(proc.resolve("sys/net/ipv4/conf/jk-abababababab"));
        driver = new BridgeDriver(new Tools(Path.of("/usr/sbin/ip"), Path.of("/usr/sbin/nft"), Path.of("/usr/bin/nsenter")), commands,
                new IpForwarding(proc, proc), proc);
    }

    @Test
    void aContainerIsConnectedWithTwoProcessesAndOneMoreForItsPorts() throws Exception {
        driver.connect(NETWORK, PLAIN, 42);
        assertEquals(List.of("ip -batch", "nsenter --net=/proc/42/ns/net"), commands.ran);
        commands.ran.clear();
        driver.connect(NETWORK, PUBLISHING, 42);
        assertEquals(List.of("ip -batch", "nsenter --net=/proc/42/ns/net", "nft -f"), commands.ran);
    }

    @Test
    void aLeftoverHostEndIsDeletedOnlyWhenItIsInTheWay() throws Exception {
        commands.answers.add(new Commands.Result(2, "", "RTNETLINK answers: File exists\nCommand failed -:1\n"));
        driver.connect(NETWORK, PLAIN, 42);
        assertEquals(List.of("ip -batch", "ip link", "ip -batch", "nsenter --net=/proc/42/ns/net"), commands.ran);
    }

    @Test
    void aVethThatCannotBeMadeIsAnErrorThatSaysWhy() {
        commands.answers.add(new Commands.Result(2, "", "RTNETLINK answers: Operation not permitted\nCommand failed -:1\n"));
        NetworkException e = assertThrows(NetworkException.class, () -> driver.connect(NETWORK, PLAIN, 42));
        assertTrue(e.getMessage().contains("Operation not permitted"), e.getMessage());
    }

    @Test
    void aVethGoneWithItsNamespaceCostsNoProcessToDisconnect() throws Exception {
        driver.disconnect(NETWORK, PLAIN);
        assertEquals(List.of(), commands.ran);
        driver.disconnect(NETWORK, PUBLISHING);
        assertEquals(List.of("nft -f"), commands.ran, "only its ports are unpublished");
        commands.ran.clear();
        Files.createDirectories(proc.resolve("sys/net/ipv4/conf").resolve(BridgeDriver.hostInterface(NETWORK, PLAIN)));
        driver.disconnect(NETWORK, PLAIN);
        assertEquals(List.of("ip link"), commands.ran, "a veth still there is deleted");
    }
}
