package io.jocker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.images.CommitRequest;
import io.jocker.images.Digests;
import io.jocker.images.DirectoryStorageDriver;
import io.jocker.images.ImageName;
import io.jocker.images.ImageStore;
import io.jocker.images.ImportRequest;
import io.jocker.images.RunConfig;
import io.jocker.images.Tars;
import io.jocker.linux.TempFile;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes to the reference registry (Debian's {@code docker-registry}, one for the class) from a
 * store on a directory driver, and counts in the registry's access log what went up: a layer the
 * repository has is not sent, one another repository has is mounted from it, a large one goes up
 * in chunks, and what went up pulls back as the same image.
 */
class ImagePusherTest {

    private static final Platform HOST = new Platform("linux", ImageStore.architecture(), "");
    private static final long CHUNK = 64 * 1024;

    @TempDir
    static Path registryDir;
    private static DockerRegistry registry;

    @TempDir
    Path temp;

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> shown = Collections.synchronizedList(new ArrayList<>());
    private final PullProgress progress = new PullProgress() {
        @Override
        public void status(String line) {
            shown.add(line);
        }

        @Override
        public void layer(String layer, String status) {
            shown.add(layer + ": " + status);
        }

        @Override
        public void bytes(String layer, String status, long current, long total) {}
    };

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = DockerRegistry.start(registryDir, "");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        registry.close();
    }

    private ImageStore store(String name) {
        return new ImageStore(temp.resolve(name + "-images"), new DirectoryStorageDriver(temp.resolve(name + "-driver")),
                mock(KernelOps.class), mapper, Clock.systemUTC());
    }

    private RegistryClients clients() {
        return new RegistryClients(RegistryOptions.defaults(), CredentialSource.NONE, mapper);
    }

    /** Clients that push at most {@code uploads} layers at once (daemon.json's max-concurrent-uploads). */
    private RegistryClients clients(int uploads) {
        RegistryOptions defaults = RegistryOptions.defaults();
        return new RegistryClients(new RegistryOptions(defaults.insecureRegistries(), defaults.certsDir(), defaults.mirrors(),
                defaults.maxConcurrentDownloads(), uploads), CredentialSource.NONE, mapper);
    }

    /** A layer of {@code bytes} random bytes committed on top of {@code parent}; returns the new image's id. */
    private static String commitRandom(ImageStore store, String parent, int bytes, long seed, String tag) throws Exception {
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        byte[] tar = new Tars().file("data" + seed, data).bytes();
        try (TempFile layer = store.newSpool()) {
            Files.write(layer.path(), tar);
            return store.commit(layer.path(), Digests.of(tar), new CommitRequest(parent, RunConfig.EMPTY, List.of(), null, "x", tag));
        }
    }

    /** A one-layer image of {@code bytes} random (so incompressible) bytes, tagged {@code tag}. */
    private static String importRandom(ImageStore store, int bytes, long seed, String tag) throws Exception {
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        return store.importImage(new ByteArrayInputStream(new Tars().file("data", data).bytes()),
                new ImportRequest("-", tag, List.of(), null));
    }

    private ImageName name(String rest) throws Exception {
        return ImageName.parseNormalized(registry.address() + "/" + rest);
    }

    private static long count(List<String> requests, String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    @Test
    void aLayerIsSentOnceThenMountedFromItsRepositoryAndNeverSentAgain() throws Exception {
        ImageStore store = store("a");
        importRandom(store, 100_000, 1, registry.address() + "/team/a:v1");
        store.tag(registry.address() + "/team/a:v1", registry.address() + "/team/b:v1");
        registry.takeRequests();

        new ImagePusher(store, clients(), mapper, progress).push(name("team/a:v1"));
        List<String> first = registry.takeRequests();
        assertEquals(2, count(first, "PUT /v2/team/a/blobs/uploads/"), "the layer and the config, one PUT each: " + first);
        assertEquals(0, count(first, "PATCH "), first.toString());

        shown.clear();
        new ImagePusher(store, clients(), mapper, progress).push(name("team/b:v1"));
        List<String> second = registry.takeRequests();
        assertEquals(1, second.stream().filter(r -> r.startsWith("POST /v2/team/b/blobs/uploads/?mount=") && r.contains("&from=team/a ")
                && r.endsWith(" 201")).count(), second.toString());
        assertEquals(1, count(second, "PUT /v2/team/b/blobs/uploads/"), "only the config goes up: " + second);
        assertTrue(shown.stream().anyMatch(s -> s.endsWith(": Mounted from team/a")), shown::toString);

        shown.clear();
        new ImagePusher(store, clients(), mapper, progress).push(name("team/b:v1"));
        List<String> third = registry.takeRequests();
        assertEquals(0, count(third, "POST "), "nothing is uploaded: " + third);
        assertTrue(shown.stream().anyMatch(s -> s.endsWith(": Layer already exists")), shown::toString);
    }

    @Test
    void aPulledLayerIsMountedFromTheRepositoryItCameFrom() throws Exception {
        ImageStore origin = store("origin");
        importRandom(origin, 50_000, 2, registry.address() + "/src/app:v1");
        new ImagePusher(origin, clients(), mapper, PullProgress.NONE).push(name("src/app:v1"));

        ImageStore store = store("puller");
        new ImagePuller(store, clients(), mapper, PullProgress.NONE).pull(name("src/app:v1"), HOST);
        store.tag(registry.address() + "/src/app:v1", registry.address() + "/dst/app:v1");
        registry.takeRequests();
        new ImagePusher(store, clients(), mapper, progress).push(name("dst/app:v1"));
        List<String> requests = registry.takeRequests();
        assertEquals(1, count(requests, "POST /v2/dst/app/blobs/uploads/?mount="), requests.toString());
        assertEquals(0, count(requests, "PATCH "), requests.toString());
        assertTrue(shown.stream().anyMatch(s -> s.endsWith(": Mounted from src/app")), shown::toString);
    }

    @Test
    void layersGoUpAFewAtOnceEachBlobOnceAndPullBackTheSame() throws Exception {
        ImageStore store = store("layers");
        String base = importRandom(store, 40_000, 4, null);
        String a = commitRandom(store, base, 60_000, 5, null);
        String b = commitRandom(store, a, 70_000, 6, null);
        // The layer of a again, on top: one blob for two layers.
        String id = commitRandom(store, b, 60_000, 5, registry.address() + "/team/layers:v1");
        assertEquals(4, store.layersOf(id).size());
        registry.takeRequests();

        String digest = new ImagePusher(store, clients(2), mapper, progress).push(name("team/layers:v1"));
        List<String> requests = registry.takeRequests();
        assertEquals(4, count(requests, "PUT /v2/team/layers/blobs/uploads/"), "three layer blobs and the config: " + requests);
        // Two at once: the third distinct layer waits for one of them, as Docker shows it.
        assertEquals(1, shown.stream().filter(s -> s.endsWith(": Waiting")).count(), shown::toString);

        ImageStore back = store("layers-back");
        PullResult pulled = new ImagePuller(back, clients(), mapper, PullProgress.NONE).pull(name("team/layers:v1"), HOST);
        assertEquals(id, pulled.imageId());
        assertEquals(digest, pulled.digest());
    }

    @Test
    void pullAllTagsFetchesEveryTagTheRepositoryHas() throws Exception {
        ImageStore store = store("tags");
        String one = importRandom(store, 20_000, 8, registry.address() + "/team/tags:one");
        String two = importRandom(store, 20_000, 9, registry.address() + "/team/tags:two");
        store.tag(registry.address() + "/team/tags:one", registry.address() + "/team/tags:also-one");
        for (String tag : List.of("one", "two", "also-one")) {
            new ImagePusher(store, clients(), mapper, PullProgress.NONE).push(name("team/tags:" + tag));
        }

        ImageStore back = store("tags-back");
        List<PullResult> pulled = new ImagePuller(back, clients(), mapper, PullProgress.NONE).pullAllTags(name("team/tags"), HOST);
        assertEquals(List.of("also-one", "one", "two"), pulled.stream().map(r -> r.reference().tag()).sorted().toList());
        assertEquals(one, back.resolve(registry.address() + "/team/tags:one").id());
        assertEquals(one, back.resolve(registry.address() + "/team/tags:also-one").id());
        assertEquals(two, back.resolve(registry.address() + "/team/tags:two").id());
    }

    @Test
    void aPullWhoseConnectionDropsMidBlobResumesWithARange() throws Exception {
        ImageStore store = store("resume");
        String id = importRandom(store, 1_000_000, 10, registry.address() + "/team/resume:v1");
        new ImagePusher(store, clients(), mapper, PullProgress.NONE).push(name("team/resume:v1"));
        registry.takeRequests();

        try (CuttingProxy proxy = new CuttingProxy(registry.address(), 300_000)) {
            ImageStore back = store("resume-back");
            PullResult pulled = new ImagePuller(back, clients(), mapper, PullProgress.NONE)
                    .pull(ImageName.parseNormalized(proxy.address() + "/team/resume:v1"), HOST);
            assertTrue(proxy.cut(), "a connection was dropped");
            assertEquals(id, pulled.imageId());
            List<String> requests = registry.takeRequests();
            assertEquals(1, requests.stream().filter(r -> r.startsWith("GET /v2/team/resume/blobs/") && r.endsWith(" 206")).count(),
                    "the rest of the blob, asked for with a Range: " + requests);
        }
    }

    @Test
    void aLargeLayerGoesUpInChunksAndPullsBackTheSame() throws Exception {
        ImageStore store = store("big");
        String id = importRandom(store, 300_000, 3, registry.address() + "/team/big:v1");
        registry.takeRequests();
        String digest = new ImagePusher(store, clients(), mapper, PullProgress.NONE, CHUNK).push(name("team/big:v1"));
        List<String> requests = registry.takeRequests();
        // About 300 KB of gzip'd random bytes: five chunks of 64 KiB, each answered 202.
        assertEquals(5, requests.stream().filter(r -> r.startsWith("PATCH /v2/team/big/blobs/uploads/") && r.endsWith(" 202")).count(),
                requests.toString());

        ImageStore back = store("back");
        PullResult pulled = new ImagePuller(back, clients(), mapper, PullProgress.NONE).pull(name("team/big:v1"), HOST);
        assertEquals(id, pulled.imageId());
        assertEquals(digest, pulled.digest());
    }
}
