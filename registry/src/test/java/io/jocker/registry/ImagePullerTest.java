package io.jocker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import io.jocker.images.Digests;
import io.jocker.images.DirectoryStorageDriver;
import io.jocker.images.ImageException;
import io.jocker.images.ImageName;
import io.jocker.images.ImageStore;
import io.jocker.images.Tars;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from {@link FakeRegistry} into a store on a directory driver: the registry's bad answers, and what is left after them. */
class ImagePullerTest {

    private static final Platform HOST = new Platform("linux", ImageStore.architecture(), "");

    @TempDir
    Path temp;

    @TempDir
    static Path keys;
    private static Path keystore;

    private final ObjectMapper mapper = new ObjectMapper();
    private FakeRegistry registry;
    private ImageStore store;
    private ImagePuller puller;
    private String layer1;
    private String layer2;
    private byte[] tar1;
    private byte[] tar2;

    @BeforeAll
    static void makeKeystore() throws Exception {
        keystore = FakeRegistry.keystore(keys);
    }

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeRegistry(keystore);
        store = new ImageStore(temp.resolve("images"), new DirectoryStorageDriver(temp.resolve("driver")), mock(KernelOps.class),
                mapper, Clock.systemUTC());
        puller = new ImagePuller(store, new RegistryClients(RegistryOptions.defaults(), CredentialSource.NONE, mapper), mapper,
                PullProgress.NONE);
        tar1 = new Tars().dir("etc/", 0755).file("etc/hostname", "jocker\n").bytes();
        tar2 = new Tars().file("app", "x".repeat(100_000)).bytes();
        layer1 = registry.blob(gzip(tar1));
        layer2 = registry.blob(Zstd.compress(tar2));
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    /** An OCI index with the host's platform and another one, over a manifest of a gzip and a zstd layer. */
    private String image(String repo, String tag) {
        String config = "{\"architecture\":\"" + HOST.architecture() + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digests.of(tar1) + "\",\"" + Digests.of(tar2) + "\"]}}";
        String configDigest = registry.blob(config.getBytes());
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length() + "},\"layers\":["
                + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layer1 + "\",\"size\":"
                + registry.blobs.get(layer1).length + "},"
                + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\",\"digest\":\"" + layer2 + "\",\"size\":"
                + registry.blobs.get(layer2).length + "}]}";
        String manifestDigest = registry.manifest(repo, "application/vnd.oci.image.manifest.v1+json", manifest);
        String other = registry.manifest(repo, "application/vnd.oci.image.manifest.v1+json", manifest.replace("\"layers\":[", "\"layers\":[ "));
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + other + "\",\"size\":1,"
                + "\"platform\":{\"os\":\"linux\",\"architecture\":\"s390x\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":"
                + manifest.length() + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + HOST.architecture() + "\"}}]}";
        return registry.manifest(repo, "application/vnd.oci.image.index.v1+json", index, tag);
    }

    private ImageName name(String rest) throws ImageException {
        return ImageName.parseNormalized(registry.address() + "/" + rest);
    }

    @Test
    void pullsThroughAnIndexAndRecordsTagAndDigest() throws Exception {
        String indexDigest = image("team/app", "v1");
        PullResult result = puller.pull(name("team/app:v1"), HOST);
        assertTrue(result.downloaded());
        assertEquals(indexDigest, result.digest());
        assertEquals(result.imageId(), store.resolve(registry.address() + "/team/app:v1").id());
        assertEquals(List.of(registry.address() + "/team/app@" + indexDigest), store.repoDigests(result.imageId()));
        assertEquals(result.imageId(), store.resolve(registry.address() + "/team/app@" + indexDigest).id());
        int requests = registry.blobRequests.get();

        PullResult again = puller.pull(name("team/app:v1"), HOST);
        assertFalse(again.downloaded());
        // Only the config is fetched again: both layers are stored.
        assertEquals(requests + 1, registry.blobRequests.get());
        assertNothingPending();
    }

    @Test
    void aBlobThatDoesNotMatchItsDigestStoresNothing() throws Exception {
        image("a", "latest");
        byte[] other = gzip(new Tars().file("evil", "x").bytes());
        registry.served.put(layer1, other);
        ImageException e = assertThrows(ImageException.class, () -> puller.pull(name("a"), HOST));
        assertTrue(e.getMessage().contains(layer1), e.getMessage());
        assertTrue(store.list().isEmpty());
        assertNothingStored();
    }

    @Test
    void aBlobLargerThanItsDescriptorIsCutOff() throws Exception {
        image("a", "latest");
        byte[] longer = new byte[registry.blobs.get(layer2).length + 1_000_000];
        registry.served.put(layer2, longer);
        ImageException e = assertThrows(ImageException.class, () -> puller.pull(name("a"), HOST));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
        assertNothingStored();
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        image("a", "latest");
        registry.dropOnce.add(layer2);
        puller.pull(name("a"), HOST);
        assertFalse(registry.dropOnce.contains(layer2));
        assertEquals(1, store.list().size());
        assertNothingPending();
    }

    @Test
    void aDroppedConnectionResumesWhereItStopped() throws Exception {
        image("a", "latest");
        registry.dropOnce.add(layer2);
        int requests = registry.blobRequests.get();
        puller.pull(name("a"), HOST);
        // The config, the first layer, the second one dropped half-way and its second half: no layer starts again.
        assertEquals(requests + 4, registry.blobRequests.get());
        assertEquals(List.of("bytes=" + registry.blobs.get(layer2).length / 2 + "-"), registry.ranges);
        assertEquals(1, store.list().size());
        assertNothingPending();
    }

    @Test
    void aRegistryThatIgnoresRangesSendsTheBlobAgainAndItsStartIsSkipped() throws Exception {
        image("a", "latest");
        registry.ignoreRange = true;
        registry.dropOnce.add(layer2);
        puller.pull(name("a"), HOST);
        assertEquals(1, registry.ranges.size());
        assertEquals(1, store.list().size());
        assertNothingPending();
    }

    @Test
    void twoPullsOfOneImageAtOnceBothSucceedWithOneCopyStored() throws Exception {
        image("a", "latest");
        ImagePuller other = new ImagePuller(store, new RegistryClients(RegistryOptions.defaults(), CredentialSource.NONE, mapper),
                mapper, PullProgress.NONE);
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> pullQuietly(puller));
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> pullQuietly(other));
        assertEquals(first.get().imageId(), second.get().imageId());
        assertEquals(1, store.list().size());
        try (Stream<Path> layers = Files.list(temp.resolve("driver/layers"))) {
            assertEquals(2, layers.count(), "one copy of each of the two layers");
        }
        assertNothingPending();
    }

    private PullResult pullQuietly(ImagePuller which) {
        try {
            return which.pull(name("a"), HOST);
        } catch (IOException | ImageException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void dockerHubsMirrorsAreTriedInOrderPassingOneThatLacksTheImage() throws Exception {
        image("library/app", "latest");
        try (FakeRegistry empty = new FakeRegistry(keystore)) {
            RegistryOptions mirrored = new RegistryOptions(java.util.Set.of(), RegistryOptions.DOCKER_CERTS_DIR,
                    List.of("https://" + empty.address(), "https://" + registry.address() + "/"), 3, 5);
            PullResult result = new ImagePuller(store, new RegistryClients(mirrored, CredentialSource.NONE, mapper), mapper,
                    PullProgress.NONE).pull(ImageName.parseNormalized("app"), HOST);
            assertEquals("docker.io/library/app:latest", result.reference().toString());
            assertEquals(1, empty.manifestRequests.get(), "the first mirror was asked");
            assertEquals(result.imageId(), store.resolve("app").id());
        }
    }

    @Test
    void theCallersEnvironmentNamesTheDaemonJsonWhoseMirrorsAPullUses() throws Exception {
        image("library/mirrored", "latest");
        Path daemonJson = Files.writeString(temp.resolve("daemon.json"),
                "{\"registry-mirrors\": [\"https://" + registry.address() + "\"]}");
        RegistryClient client = RegistryClient.forEnvironment(store, java.util.Map.of(RegistryClient.DAEMON_JSON_ENV,
                daemonJson.toString(), "DOCKER_CONFIG", temp.resolve("docker-config").toString()), mapper);
        PullResult result = client.pull(ImageName.parseNormalized("mirrored"), HOST, PullProgress.NONE);
        assertEquals(result.imageId(), store.resolve("mirrored").id());
    }

    @Test
    void bearerTokensAreFetchedFromTheChallengesRealm() throws Exception {
        image("a", "latest");
        registry.requiredToken = "secret-token";
        puller.pull(name("a"), HOST);
        assertEquals(1, store.list().size());
        // One token per scope, reused for every request of the pull.
        assertEquals(1, registry.tokensIssued.get());
    }

    @Test
    void unknownTagsAndPlatformsAreRefusedInDockersWords() throws Exception {
        image("a", "latest");
        assertEquals("manifest for " + registry.address() + "/a:nope not found: manifest unknown: manifest unknown",
                assertThrows(ImageException.class, () -> puller.pull(name("a:nope"), HOST)).getMessage());
        assertEquals("no matching manifest for linux/ppc64le in the manifest list entries",
                assertThrows(ImageException.class, () -> puller.pull(name("a"), new Platform("linux", "ppc64le", ""))).getMessage());
        assertNothingStored();
    }

    @Test
    void aMalformedManifestIsRefused() throws Exception {
        registry.manifest("bad", "application/vnd.oci.image.manifest.v1+json", "{\"schemaVersion\":2,\"config\":{}}", "latest");
        assertEquals("malformed manifest: unsupported or malformed digest \"\"",
                assertThrows(ImageException.class, () -> puller.pull(name("bad"), HOST)).getMessage());
        assertNothingStored();
    }

    @Test
    void aRegistryThatIsDownSaysSo() throws Exception {
        String address = registry.address();
        registry.close();
        ImageException e = assertThrows(ImageException.class, () -> puller.pull(ImageName.parseNormalized(address + "/a"), HOST));
        assertEquals("Get \"http://" + address + "/v2/\": dial tcp " + address + ": connect: connection refused", e.getMessage());
    }

    private void assertNothingStored() throws IOException {
        try (Stream<Path> layers = Files.list(temp.resolve("driver/layers"))) {
            assertEquals(List.of(), layers.toList());
        } catch (java.nio.file.NoSuchFileException e) {
            // No layer was ever made.
        }
        assertNothingPending();
    }

    private void assertNothingPending() throws IOException {
        Path tmp = temp.resolve("images/tmp");
        if (Files.isDirectory(tmp)) {
            try (Stream<Path> files = Files.list(tmp)) {
                assertEquals(List.of(), files.toList());
            }
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
