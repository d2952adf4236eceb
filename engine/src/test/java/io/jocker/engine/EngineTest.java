package io.jocker.engine;

import static io.jocker.engine.Asserts.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.DriverSelectionException;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.system.DriverInfo;
import io.jocker.engine.system.SystemInfo;
import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.Isolator;
import io.jocker.spi.IsolatorFactory;
import io.jocker.spi.KernelOps;
import io.jocker.spi.Plugin;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.StorageDriverFactory;
import io.jocker.spi.Support;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

class EngineTest {

    @TempDir
    Path root;

    private final Host host = new Host(Path.of("/"), "6.18.0-test", 2);

    private StorageDriverFactory factory(String name, int priority, Support support) {
        StorageDriverFactory factory = mock(StorageDriverFactory.class);
        when(factory.name()).thenReturn(name);
        when(factory.priority()).thenReturn(priority);
        when(factory.isSupported(any())).thenReturn(support);
        return factory;
    }

    private static Plugin offering(StorageDriverFactory... factories) {
        return new Plugin() {
            @Override
            public List<StorageDriverFactory> storageDrivers() {
                return List.of(factories);
            }
        };
    }

    private Engine.Builder builder() {
        return Engine.builder().root(root).host(host).kernel(() -> mock(KernelOps.class));
    }

    @Test
    void theSelectedDriverIsCreatedOnlyWhenFirstUsedWithItsOwnHome() {
        StorageDriverFactory fake = factory("fake", 10, Support.yes());
        StorageDriver driver = mock(StorageDriver.class);
        when(fake.create(any())).thenReturn(driver);

        Engine engine = builder().plugin("test-plugin", offering(fake)).storageDriver("fake").build();
        verify(fake, never()).create(any());

        assertSame(driver, engine.service(StorageDriver.class));
        assertSame(driver, engine.service(StorageDriver.class), "one driver per engine");
        ArgumentCaptor<DriverContext> context = ArgumentCaptor.forClass(DriverContext.class);
        verify(fake).create(context.capture());
        assertEquals(root.resolve("fake"), context.getValue().home());
        assertTrue(context.getValue().home().toFile().isDirectory());
        assertSame(host, context.getValue().host());
    }

    @Test
    void supervisionCreatesTheIsolatorOnlyWhenTheSupervisorAsksForIt() {
        IsolatorFactory fake = mock(IsolatorFactory.class);
        when(fake.name()).thenReturn("fake");
        when(fake.isSupported(any())).thenReturn(Support.yes());
        Isolator isolator = mock(Isolator.class);
        when(fake.create(any())).thenReturn(isolator);
        Engine engine = builder().plugin("test-plugin", new Plugin() {
            @Override
            public List<IsolatorFactory> isolators() {
                return List.of(fake);
            }
        }).isolator("fake").build();

        Supervision supervision = engine.supervision();
        assertEquals(root, supervision.config().root());
        verify(fake, never()).create(any());
        assertSame(isolator, supervision.isolator().get());
    }

    @Test
    void infoListsEveryDriverWithSupportAndMarksTheSelectedOne() {
        Engine engine = builder()
                .plugin("p", offering(factory("fast", 50, Support.yes()), factory("old", 90, Support.no("old is gone"))))
                .build();

        SystemInfo info = engine.system().info();

        assertEquals("fast", info.storageDriver());
        assertEquals(root.toString(), info.rootDir());
        assertEquals("6.18.0-test", info.kernelVersion());
        List<DriverInfo> storage = info.drivers().stream().filter(d -> d.kind().equals("storage driver")).toList();
        assertEquals(List.of(
                new DriverInfo("storage driver", "fast", "p", true, "", true),
                new DriverInfo("storage driver", "old", "p", false, "old is gone", false)), storage);
        assertTrue(info.drivers().stream().anyMatch(d -> d.name().equals("file") && d.selected()), "built-in state store");
        assertEquals(0, info.containers().total());
    }

    @Test
    void infoExplainsWhyNoDriverCouldBeSelected() {
        Engine engine = builder().plugin("p", offering(factory("aufs", 10, Support.no("no aufs here")))).build();

        assertContains(engine.system().info().storageDriver(), "none", "aufs: no aufs here");
    }

    @Test
    void infoFailsForADriverAskedForByNameThatCannotBeUsed() {
        Plugin plugin = offering(factory("overlay", 10, Support.yes()), factory("aufs", 20, Support.no("no aufs here")));

        DriverSelectionException unknown = assertThrows(DriverSelectionException.class,
                () -> builder().plugin("p", plugin).storageDriver("nosuch").build().system().info());
        assertEquals("unknown storage driver \"nosuch\" (known: aufs, overlay)", unknown.getMessage());
        DriverSelectionException unsupported = assertThrows(DriverSelectionException.class,
                () -> builder().plugin("p", plugin).storageDriver("aufs").build().system().info());
        assertContains(unsupported.getMessage(), "storage driver \"aufs\" is not supported on this host: no aufs here");
        assertThrows(DriverSelectionException.class,
                () -> builder().plugin("p", plugin).cgroupDriver("nosuch").build().system().info());
        assertEquals("overlay", builder().plugin("p", plugin).storageDriver("overlay").build().system().info().storageDriver());
    }

    @Test
    void anUnknownDriverFailsOnlyWhenUsed() {
        Engine engine = builder().plugin("p", offering(factory("overlay", 10, Support.yes()))).storageDriver("zfs").build();

        DriverSelectionException e = assertThrows(DriverSelectionException.class,
                () -> engine.service(Drivers.class).get(DriverKind.STORAGE, StorageDriver.class));
        assertEquals("unknown storage driver \"zfs\" (known: overlay)", e.getMessage());
    }
}
