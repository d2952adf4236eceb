package io.jocker.storage.overlay;

import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.StorageDriverFactory;
import io.jocker.spi.Support;

/** Offers the overlay driver wherever the kernel knows overlayfs. */
public final class OverlayDriverFactory implements StorageDriverFactory {

    static final String NAME = "overlay";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Support isSupported(Host host) {
        if (host.filesystems().contains("overlay")) {
            return Support.yes();
        }
        return Support.no("overlay is not in " + host.proc().resolve("filesystems")
                + " (load the module with 'modprobe overlay')");
    }

    @Override
    public StorageDriver create(DriverContext context) {
        return new OverlayDriver(context.home(), context.kernel());
    }
}
