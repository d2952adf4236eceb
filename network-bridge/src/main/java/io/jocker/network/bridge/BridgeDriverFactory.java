package io.jocker.network.bridge;

import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.NetworkDriver;
import io.jocker.spi.NetworkDriverFactory;
import io.jocker.spi.Support;
import java.nio.file.Files;

/** The {@code bridge} driver: supported where iproute2, nftables and nsenter are installed. */
public final class BridgeDriverFactory implements NetworkDriverFactory {

    @Override
    public String name() {
        return BridgeDriver.NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Support isSupported(Host host) {
        String missing = Tools.missing(host);
        if (!missing.isEmpty()) {
            return Support.no(missing);
        }
        if (!Files.isDirectory(host.proc().resolve("sys/net/ipv4"))) {
            return Support.no(host.proc().resolve("sys/net/ipv4") + " is missing (a kernel without IPv4 networking?)");
        }
        return Support.yes();
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        return new BridgeDriver(Tools.find(context.host()), new Commands(), new IpForwarding(context.host().proc(), context.home()),
                context.host().proc());
    }
}
