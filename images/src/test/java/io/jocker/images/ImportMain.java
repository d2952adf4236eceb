package io.jocker.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A separate small-heap process for {@link BoundedMemoryImportTest}: imports stdin and prints the image id. */
public final class ImportMain {

    private ImportMain() {}

    public static void main(String[] args) throws Exception {
        ImageStore store = new ImageStore(Path.of(args[0]), new DirectoryStorageDriver(Path.of(args[1])),
                new RefusingKernelOps(), new ObjectMapper(), Clock.systemUTC());
        System.out.println(store.importImage(System.in, new ImportRequest("-", "big", List.of(), null)));
    }
}
