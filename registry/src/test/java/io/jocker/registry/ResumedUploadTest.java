package io.jocker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.images.DirectoryStorageDriver;
import io.jocker.images.ImageName;
import io.jocker.images.ImageStore;
import io.jocker.images.ImportRequest;
import io.jocker.images.Tars;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked push to {@link FakeRegistry} that loses part of a chunk without saying so: the next
 * chunk is refused with 416, and the upload resumes where the registry's {@code GET} of it says.
 */
class ResumedUploadTest {

    private static final Platform HOST = new Platform("linux", ImageStore.architecture(), "");
    private static final long CHUNK = 64 * 1024;

    @TempDir
    Path temp;

    @TempDir
    static Path keys;
    private static Path keystore;

    private final ObjectMapper mapper = new ObjectMapper();
    private FakeRegistry registry;

    @BeforeAll
    static void makeKeystore() throws Exception {
        keystore = FakeRegistry.keystore(keys);
    }

    @BeforeEach
    void start() throws Exception {
        registry = new FakeRegistry(keystore);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private ImageStore store(String name) {
        return new ImageStore(temp.resolve(name + "-images"), new DirectoryStorageDriver(temp.resolve(name + "-driver")),
                mock(KernelOps.class), mapper, Clock.systemUTC());
    }

    private RegistryClients clients() {
        return new RegistryClients(RegistryOptions.defaults(), CredentialSource.NONE, mapper);
    }

    @Test
    void aChunkRefusedWith416ResumesWhereTheRegistryStands() throws Exception {
        ImageStore store = store("push");
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        String reference = registry.address() + "/team/app:v1";
        String id = store.importImage(new ByteArrayInputStream(new Tars().file("data", data).bytes()),
                new ImportRequest("-", reference, List.of(), null));
        registry.truncateChunks.set(1);

        String digest = new ImagePusher(store, clients(), mapper, PullProgress.NONE, CHUNK).push(ImageName.parseNormalized(reference));

        List<String> requests = List.copyOf(registry.uploadRequests);
        int refused = requests.indexOf("PATCH 416");
        assertTrue(refused > 0, requests.toString());
        assertEquals("GET 204", requests.get(refused + 1), "the upload's state is asked for: " + requests);
        assertEquals(List.of(), requests.stream().filter(r -> r.startsWith("PUT") && !r.equals("PUT 201")).toList(), requests.toString());

        PullResult pulled = new ImagePuller(store("pull"), clients(), mapper, PullProgress.NONE)
                .pull(ImageName.parseNormalized(reference), HOST);
        assertEquals(id, pulled.imageId());
        assertEquals(digest, pulled.digest());
    }
}
