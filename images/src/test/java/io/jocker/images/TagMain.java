package io.jocker.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;

/** A second process for {@link ImageStoreTest}: tags an image {@code count} times as {@code repo:i}. */
public final class TagMain {

    private TagMain() {}

    public static void main(String[] args) throws Exception {
        ImageStore store = new ImageStore(Path.of(args[0]), new DirectoryStorageDriver(Path.of(args[1])),
                new RefusingKernelOps(), new ObjectMapper(), Clock.systemUTC());
        for (int i = 0; i < Integer.parseInt(args[4]); i++) {
            store.tag(args[2], args[3] + ":" + i);
        }
    }
}
