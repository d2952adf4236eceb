package io.jocker.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** Every test of {@link HostileTarTest} on tars imported from a file, whose content is copied from it by the kernel. */
class InPlaceHostileTarTest extends HostileTarTest {

    @TempDir
    Path archives;
    private int count;

    @Override
    String importTar(byte[] tar) throws Exception {
        Path file = Files.write(archives.resolve("hostile-" + count++ + ".tar"), tar);
        return store.importImage(file, new ImportRequest(file.toString(), "hostile", List.of(), null));
    }
}
