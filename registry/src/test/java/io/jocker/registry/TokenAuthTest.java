package io.jocker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.images.DirectoryStorageDriver;
import io.jocker.images.ImageException;
import io.jocker.images.ImageName;
import io.jocker.images.ImageStore;
import io.jocker.images.ImportRequest;
import io.jocker.images.Tars;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayInputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-registry with bearer-token auth ({@code auth: token:}, trusting the certificate the test's
 * {@link TokenServer} signs with) over TLS with a certificate of a CA the test makes, which the
 * client trusts through {@code certs.d/<host:port>/ca.crt}. The registry listens on a non-loopback
 * address (on a loopback one it would be insecure, TLS unverified, as in Docker): the build runs
 * this test's JVM in a network namespace of its own whose default route has one
 * ({@code src/test/netns/bin/java}), so that no test server is reachable from the host's network.
 */
class TokenAuthTest {

    private static final Platform HOST = new Platform("linux", ImageStore.architecture(), "");

    @TempDir
    static Path dir;
    private static DockerRegistry registry;
    private static TokenServer tokens;
    private static Path certsDir;

    @TempDir
    Path temp;

    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        String ip = hostAddress();
        TestPki pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
        pki.selfSigned("ca", "jocker test CA");
        Path serverCrt = pki.signed("server", "ca", ip);
        Path tokenCrt = pki.selfSigned("token", "jocker test token signer");
        tokens = new TokenServer(pki.privateKey("token"), pki.certificate("token"));
        registry = DockerRegistry.start(Files.createDirectories(dir.resolve("registry")), ip,
                "  tls:\n    certificate: " + serverCrt + "\n    key: " + pki.key("server") + "\n",
                "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: " + TokenServer.SERVICE + "\n    issuer: "
                        + TokenServer.ISSUER + "\n    rootcertbundle: " + tokenCrt + "\n");
        certsDir = dir.resolve("certs.d");
        Files.createDirectories(certsDir.resolve(registry.address()));
        Files.copy(dir.resolve("pki/ca.crt"), certsDir.resolve(registry.address()).resolve("ca.crt"));
    }

    /** The IPv4 address of the interface of the default route: the test's own network namespace's. */
    private static String hostAddress() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 2 && fields[1].equals("00000000")) {
                NetworkInterface nic = NetworkInterface.getByName(fields[0]);
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        }
        throw new AssertionError("this test needs a non-loopback IPv4 address (a default route)");
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private ImageStore store(String name) {
        return new ImageStore(temp.resolve(name + "-images"), new DirectoryStorageDriver(temp.resolve(name + "-driver")),
                mock(KernelOps.class), mapper, Clock.systemUTC());
    }

    private RegistryClients clients(Optional<Credentials> credentials, Path certs) {
        return new RegistryClients(RegistryOptions.defaults().withCertsDir(certs), r -> credentials, mapper);
    }

    private static Optional<Credentials> alice() {
        return Optional.of(new Credentials(TokenServer.USER, TokenServer.PASSWORD));
    }

    private ImageName name(String rest) throws Exception {
        return ImageName.parseNormalized(registry.address() + "/" + rest);
    }

    private String importImage(ImageStore store, String content, String tag) throws Exception {
        return store.importImage(new ByteArrayInputStream(new Tars().file("f", content).bytes()),
                new ImportRequest("-", registry.address() + "/" + tag, List.of(), null));
    }

    @Test
    void pushAsksForPullAndPushAndAnonymousPullForPullOnly() throws Exception {
        ImageStore store = store("pusher");
        String id = importImage(store, "pushed with a token\n", "team/app:v1");
        new ImagePusher(store, clients(alice(), certsDir), mapper, PullProgress.NONE).push(name("team/app:v1"));
        assertTrue(tokens.requests.contains(new TokenServer.Request(TokenServer.USER, List.of("repository:team/app:pull,push"))),
                tokens.requests::toString);

        RegistryException denied = assertThrows(RegistryException.class,
                () -> new ImagePusher(store, clients(Optional.empty(), certsDir), mapper, PullProgress.NONE).push(name("team/app:v1")));
        assertTrue(denied.getMessage().startsWith("denied: requested access to the resource is denied"), denied.getMessage());

        ImageStore back = store("anonymous");
        PullResult pulled = new ImagePuller(back, clients(Optional.empty(), certsDir), mapper, PullProgress.NONE)
                .pull(name("team/app:v1"), HOST);
        assertEquals(id, pulled.imageId());
        assertTrue(tokens.requests.contains(new TokenServer.Request("-", List.of("repository:team/app:pull"))), tokens.requests::toString);
    }

    @Test
    void aTokenTheRegistryRefusesIsRenewedOnce() throws Exception {
        ImageStore store = store("renew");
        importImage(store, "renewed\n", "team/renew:v1");
        new ImagePusher(store, clients(alice(), certsDir), mapper, PullProgress.NONE).push(name("team/renew:v1"));
        long before = tokens.asked("repository:team/renew:pull");
        tokens.expireNext = true;
        new ImagePuller(store("renewed"), clients(Optional.empty(), certsDir), mapper, PullProgress.NONE)
                .pull(name("team/renew:v1"), HOST);
        assertFalse(tokens.expireNext);
        assertEquals(before + 2, tokens.asked("repository:team/renew:pull"), "the expired token, then one that works");
    }

    @Test
    void loginChecksWithTheTokenServerAndRecordsWhatPushThenUses() throws Exception {
        ImageStore store = store("login");
        importImage(store, "logged in\n", "team/login:v1");
        Path dockerConfig = temp.resolve("docker-config");
        RegistryClient client = RegistryClient.forEnvironment(store, java.util.Map.of("DOCKER_CONFIG", dockerConfig.toString(),
                RegistryClient.CERTS_DIR_ENV, certsDir.toString(), RegistryClient.DAEMON_JSON_ENV, temp.resolve("none.json").toString(),
                "PATH", ""), mapper);
        ImageException wrong = assertThrows(ImageException.class,
                () -> client.login(registry.address(), new Credentials(TokenServer.USER, "wrong")));
        assertEquals("Get \"" + tokens.realm() + "\": unauthorized: bad credentials", wrong.getMessage());
        assertFalse(Files.exists(dockerConfig.resolve("config.json")), "a refused login records nothing");

        client.login(registry.address(), new Credentials(TokenServer.USER, TokenServer.PASSWORD));
        assertTrue(Files.readString(dockerConfig.resolve("config.json")).contains("\"" + registry.address() + "\""));
        client.push(name("team/login:v1"), PullProgress.NONE);
        assertTrue(tokens.requests.contains(new TokenServer.Request(TokenServer.USER, List.of("repository:team/login:pull,push"))),
                tokens.requests::toString);
    }

    @Test
    void aCertificateOfAnUnknownAuthorityFailsInOneLine() throws Exception {
        ImageStore store = store("untrusted");
        ImageException e = assertThrows(ImageException.class, () -> new ImagePuller(store, clients(Optional.empty(),
                temp.resolve("empty-certs.d")), mapper, PullProgress.NONE).pull(name("team/app:v1"), HOST));
        assertEquals("Get \"https://" + registry.address() + "/v2/\": tls: failed to verify certificate: x509: certificate signed by"
                + " unknown authority", e.getMessage());
        assertTrue(store.list().isEmpty());
    }
}
