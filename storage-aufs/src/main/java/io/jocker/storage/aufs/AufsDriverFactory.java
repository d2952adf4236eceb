package io.jocker.storage.aufs;

import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.StorageDriverFactory;
import io.jocker.spi.Support;

/** Offers the aufs driver on kernels built with aufs; ranked below overlay, as in Docker. */
public final class AufsDriverFactory implements StorageDriverFactory {

    static final String NAME = "aufs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Support isSupported(Host host) {
        if (host.filesystems().contains("aufs")) {
            return Support.yes();
        }
        return Support.no("aufs is not in " + host.proc().resolve("filesystems") + " (this kernel has no aufs)");
    }

    @Override
    public StorageDriver create(DriverContext context) {
        return new AufsDriver(context.home(), context.kernel());
    }
}
