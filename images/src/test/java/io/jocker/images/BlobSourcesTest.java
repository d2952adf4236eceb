package io.jocker.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.spi.KernelOps;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
