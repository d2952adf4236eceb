package io.jocker.storage.aufs;

import io.jocker.spi.Plugin;
import io.jocker.spi.StorageDriverFactory;
import java.util.List;

/** The aufs storage driver plugin. */
public final class AufsPlugin implements Plugin {

    @Override
    public List<StorageDriverFactory> storageDrivers() {
        return List.of(new AufsDriverFactory());
    }
}
