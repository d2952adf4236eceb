package io.jocker.engine.plugin;

import static io.jocker.engine.Asserts.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.Host;
import io.jocker.spi.Plugin;
import io.jocker.spi.StorageDriverFactory;
import io.jocker.spi.Support;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverCatalogTest {

    private final Host host = new Host(Path.of("/"), "6.18.0", 2);

    private StorageDriverFactory storage(String name, int priority, Support support) {
        StorageDriverFactory factory = mock(StorageDriverFactory.class);
        when(factory.name()).thenReturn(name);
        when(factory.priority()).thenReturn(priority);
        when(factory.isSupported(host)).thenReturn(support);
        return factory;
    }

    private static DriverCatalog catalog(StorageDriverFactory... factories) {
        Plugin plugin = mock(Plugin.class);
        when(plugin.storageDrivers()).thenReturn(List.of(factories));
        when(plugin.cgroupDrivers()).thenReturn(List.of());
        when(plugin.isolators()).thenReturn(List.of());
        when(plugin.stateStores()).thenReturn(List.of());
        return new DriverCatalog(List.of(new LoadedPlugin(Path.of("/plugins/test"), "test.jar", plugin)));
    }

    @Test
    void autoPicksTheSupportedDriverWithTheHighestPriority() {
        DriverCatalog catalog = catalog(
                storage("low", 10, Support.yes()),
                storage("best-but-unsupported", 100, Support.no("no such file system")),
                storage("high", 50, Support.yes()));

        assertEquals("high", catalog.select(DriverKind.STORAGE, "auto", host).name());
        assertEquals("high", catalog.select(DriverKind.STORAGE, null, host).name());
    }

    @Test
    void autoWithNothingSupportedSaysWhyForEachDriver() {
        DriverCatalog catalog = catalog(storage("aufs", 10, Support.no("aufs is not in /proc/filesystems")));

        DriverSelectionException e = assertThrows(DriverSelectionException.class,
                () -> catalog.select(DriverKind.STORAGE, "auto", host));

        assertContains(e.getMessage(), "no supported storage driver", "aufs: aufs is not in /proc/filesystems");
    }

    @Test
    void explicitUnsupportedDriverFailsWithItsReason() {
        DriverCatalog catalog = catalog(storage("overlay", 100, Support.yes()),
                storage("aufs", 10, Support.no("aufs is not in /proc/filesystems")));

        DriverSelectionException e = assertThrows(DriverSelectionException.class,
                () -> catalog.select(DriverKind.STORAGE, "aufs", host));

        assertEquals("storage driver \"aufs\" is not supported on this host: aufs is not in /proc/filesystems", e.getMessage());
    }

    @Test
    void unknownDriverFailsWithTheKnownNames() {
        DriverCatalog catalog = catalog(storage("overlay", 100, Support.yes()), storage("aufs", 10, Support.yes()));

        DriverSelectionException e = assertThrows(DriverSelectionException.class,
                () -> catalog.select(DriverKind.STORAGE, "zfs", host));

        assertEquals("unknown storage driver \"zfs\" (known: aufs, overlay)", e.getMessage());
    }

    @Test
    void explicitSupportedDriverIsChosenEvenWithLowerPriority() {
        DriverCatalog catalog = catalog(storage("overlay", 100, Support.yes()), storage("vfs", 1, Support.yes()));

        assertEquals("vfs", catalog.select(DriverKind.STORAGE, "vfs", host).name());
    }

    @Test
    void aDriverWhoseProbeThrowsCountsAsUnsupported() {
        StorageDriverFactory flaky = storage("flaky", 100, null);
        when(flaky.isSupported(host)).thenThrow(new IllegalStateException("boom"));
        DriverCatalog catalog = catalog(flaky, storage("steady", 1, Support.yes()));

        assertEquals("steady", catalog.select(DriverKind.STORAGE, "auto", host).name());
        assertFalse(DriverCatalog.support(catalog.find(DriverKind.STORAGE, "flaky").orElseThrow(), host).supported());
    }

    @Test
    void aPluginReturningTheWrongFactoryTypeIsRefused() {
        Plugin plugin = mock(Plugin.class);
        CgroupDriverFactory notStorage = mock(CgroupDriverFactory.class);
        when(notStorage.name()).thenReturn("odd");
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<StorageDriverFactory> wrong = (List) List.of(notStorage);
        when(plugin.storageDrivers()).thenReturn(wrong);

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> new DriverCatalog(List.of(new LoadedPlugin(Path.of("/p"), "odd.jar", plugin))));

        assertContains(e.getMessage(), "odd.jar", "not a StorageDriverFactory");
    }
}
