package io.jocker.engine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.jocker.engine.container.ContainerTestbed;
import io.jocker.engine.plugin.DriverCatalog;
import io.jocker.engine.plugin.Drivers;
import io.jocker.spi.Host;
import io.jocker.spi.KernelOps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupInfoServiceTest {

    @TempDir
    Path root;

    @Test
    void theSelectedDriverWithItsVersionAndControllers() {
        ContainerTestbed bed = new ContainerTestbed(root);
        when(bed.cgroups.name()).thenReturn(ContainerTestbed.DRIVER);
        when(bed.cgroups.cgroupVersion()).thenReturn("1");
        when(bed.cgroups.controllers()).thenReturn(List.of("cpuset", "memory", "pids"));

        Optional<CgroupInfo> info = new CgroupInfoService(bed.drivers).info();

        assertEquals(Optional.of(new CgroupInfo(ContainerTestbed.DRIVER, "1", List.of("cpuset", "memory", "pids"))), info);
    }

    @Test
    void nothingWhenNoCgroupDriverCanBeSelected() {
        Drivers none = new Drivers(new DriverCatalog(List.of()), new Host(root, "6.18", 2), Map.of(), kind -> root,
                () -> mock(KernelOps.class));

        assertTrue(new CgroupInfoService(none).info().isEmpty());
    }
}
