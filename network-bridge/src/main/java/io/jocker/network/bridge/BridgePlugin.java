package io.jocker.network.bridge;

import io.jocker.spi.NetworkDriverFactory;
import io.jocker.spi.Plugin;
import java.util.List;

/** Offers the {@code bridge} network driver. */
public final class BridgePlugin implements Plugin {

    @Override
    public List<NetworkDriverFactory> networkDrivers() {
        return List.of(new BridgeDriverFactory());
    }
}
