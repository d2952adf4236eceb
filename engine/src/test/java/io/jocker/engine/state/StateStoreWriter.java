package io.jocker.engine.state;

import io.jocker.engine.json.Json;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.StateStore;
import java.nio.file.Path;

/** A second process for {@link FileStateStoreTest}: increments a record's restart count N times under the lock. */
public final class StateStoreWriter {

    private StateStoreWriter() {}

    public static void main(String[] args) throws Exception {
        FileStateStore store = new FileStateStore(Path.of(args[0]), Json.newMapper());
        String id = args[1];
        int times = Integer.parseInt(args[2]);
        for (int i = 0; i < times; i++) {
            try (StateStore.Lock lock = store.lock(id)) {
                ContainerRecord record = store.load(id).orElseThrow();
                store.save(record.withRestartCount(record.restartCount() + 1));
            }
        }
    }
}
