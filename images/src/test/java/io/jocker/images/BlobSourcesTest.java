package io.jocker.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.spi.KernelOps;
import io.jocker.linux.TempFile;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where registries hold a layer's blobs, as pulls and pushes record it for later pushes. */
class BlobSourcesTest {

    private static final String DIFF_ID = Digests.of(new byte[] {1});

    @TempDir
    Path temp;

    private ImageStore store() {
        return new ImageStore(temp.resolve("images"), new DirectoryStorageDriver(temp.resolve("driver")), mock(KernelOps.class),
                new ObjectMapper(), Clock.systemUTC());
    }

    private static BlobSource source(int blob, String repository) {
        return new BlobSource(Digests.of(new byte[] {(byte) blob, 2}), 100 + blob, "application/vnd.oci.image.layer.v1.tar+gzip",
                repository);
    }

    @Test
    void theNewestComesFirstAndEachBlobOfARepositoryOnce() throws Exception {
        ImageStore store = store();
        assertEquals(List.of(), store.blobSources(DIFF_ID));
        store.recordBlobSources(Map.of(DIFF_ID, source(1, "reg:5000/a")));
        store.recordBlobSources(Map.of(DIFF_ID, source(1, "reg:5000/b")));
        store.recordBlobSources(Map.of(DIFF_ID, source(1, "reg:5000/a")));
        assertEquals(List.of(source(1, "reg:5000/a"), source(1, "reg:5000/b")), store().blobSources(DIFF_ID));
    }

    /** An image {@code tag} of {@code base} with, on top of it, a layer of {@code top}, and its base tagged {@code tag-base}. */
    private static String image(ImageStore store, byte[] base, byte[] top, String tag) throws Exception {
        String baseId = store.importImage(new ByteArrayInputStream(base), new ImportRequest("-", tag + "-base", List.of(), null));
        try (TempFile layer = store.newSpool()) {
            Files.write(layer.path(), top);
            return store.commit(layer.path(), Digests.of(top), new CommitRequest(baseId, RunConfig.EMPTY, List.of(), null, "x", tag));
        }
    }

    @Test
    void theSourcesOfALayerGoWithItsLastLayer() throws Exception {
        ImageStore store = store();
        byte[] top = new Tars().file("app", "same on both bases\n").bytes();
        String topDiffId = Digests.of(top);
        image(store, new Tars().file("a", "a\n").bytes(), top, "a");
        image(store, new Tars().file("b", "b\n").bytes(), top, "b");
        String baseA = Digests.of(new Tars().file("a", "a\n").bytes());
        store.recordBlobSources(Map.of(topDiffId, source(1, "reg:5000/a"), baseA, source(2, "reg:5000/a")));
        Path distribution = temp.resolve("images").resolve("distribution");

        store.remove("a", false, ContainerUsage.NONE);
        assertEquals(List.of(source(2, "reg:5000/a")), store.blobSources(baseA), "the base image still has it");
        assertEquals(List.of(source(1, "reg:5000/a")), store.blobSources(topDiffId), "b still has a layer of that content");
        store.remove("a-base", false, ContainerUsage.NONE);
        assertEquals(List.of(), store.blobSources(baseA));

        store.remove("b", false, ContainerUsage.NONE);
        assertEquals(List.of(), store.blobSources(topDiffId));
        try (Stream<Path> left = Files.list(distribution)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aLayerKeepsABoundedNumber() throws Exception {
        ImageStore store = store();
        for (int i = 0; i < 20; i++) {
            store.recordBlobSources(Map.of(DIFF_ID, source(i, "reg:5000/r" + i)));
        }
        List<BlobSource> kept = store.blobSources(DIFF_ID);
        assertEquals(16, kept.size());
        assertEquals(source(19, "reg:5000/r19"), kept.get(0));
    }
}
