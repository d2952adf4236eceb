package io.jocker.storage.overlay;

import io.jocker.spi.Plugin;
import io.jocker.spi.StorageDriverFactory;
import java.util.List;

/** The overlay storage driver plugin. */
public final class OverlayPlugin implements Plugin {

    @Override
    public List<StorageDriverFactory> storageDrivers() {
        return List.of(new OverlayDriverFactory());
    }
}
