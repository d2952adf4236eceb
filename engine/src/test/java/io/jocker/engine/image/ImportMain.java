package io.jocker.engine.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.spi.KernelOps;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.mockito.Mockito;

/** A separate small-heap process for {@link BoundedMemoryImportTest}: imports stdin and prints the image id. */
public final class ImportMain {

    private ImportMain() {}

    public static void main(String[] args) throws Exception {
        ImageStore store = new ImageStore(Path.of(args[0]), new DirectoryStorageDriver(Path.of(args[1])),
                Mockito.mock(KernelOps.class), new ObjectMapper(), Clock.systemUTC());
        System.out.println(store.importImage(System.in, new ImportRequest("-", "big", List.of(), null)));
    }
}
