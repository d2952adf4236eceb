package io.jocker.engine.container;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.json.Json;
import io.jocker.engine.network.NetworkService;
import io.jocker.engine.plugin.DriverCatalog;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.plugin.LoadedPlugin;
import io.jocker.spi.Host;
import io.jocker.spi.KernelOps;
import io.jocker.spi.NetworkDriver;
import io.jocker.spi.NetworkDriverFactory;
import io.jocker.spi.Plugin;
import io.jocker.spi.Support;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A network service over a temporary root whose {@code bridge} driver is a mock that does nothing. */
final class TestNetworks {

    private TestNetworks() {}

    static NetworkService service(EngineConfig config) {
        NetworkDriverFactory factory = mock(NetworkDriverFactory.class);
        when(factory.name()).thenReturn("bridge");
        when(factory.isSupported(any())).thenReturn(Support.yes());
        when(factory.create(any())).thenReturn(mock(NetworkDriver.class));
        Plugin plugin = new Plugin() {
            @Override
            public List<NetworkDriverFactory> networkDrivers() {
                return List.of(factory);
            }
        };
        Host host = new Host(config.root(), "6.18", 2);
        Drivers drivers = new Drivers(new DriverCatalog(List.of(new LoadedPlugin(Path.of("test"), "test.jar", plugin))), host,
                Map.of(), kind -> config.root(), () -> mock(KernelOps.class));
        return new NetworkService(config, Json.newMapper(), drivers, host);
    }
}
