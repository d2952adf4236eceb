package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.engine.system.DiskUsage;
import io.jocker.engine.volume.Volume;
import io.jocker.engine.volume.VolumeService;
import io.jocker.images.ImageSummary;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.HostConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code system df}'s sums, checked against what Docker's DiskUsageContext computes from the same figures. */
class DiskUsageSummaryTest {

    @Test
    void anImageInUseKeepsItsUniqueSizeAndTheRestIsReclaimable() {
        DiskUsage usage = new DiskUsage(10_000_000, List.of(
                new DiskUsage.Image(image("a", 6_000_000, 1_000_000), 2),
                new DiskUsage.Image(image("b", 5_000_000, 1_000_000), 0)), List.of(), List.of());
        DiskUsageSummary images = DiskUsageSummary.images(usage);
        assertEquals(new DiskUsageSummary("Images", 2, 1, 10_000_000, 5_000_000), images);
        assertEquals("5MB (50%)", images.reclaimableText());
    }

    @Test
    void theWritableLayersOfContainersThatDoNotRunAreReclaimable() {
        ContainerState running = ContainerState.created().running(42, 7, Instant.EPOCH);
        DiskUsageSummary containers = DiskUsageSummary.containers(List.of(
                new DiskUsage.Container(container(running), 300),
                new DiskUsage.Container(container(running.withStatus(ContainerState.Status.PAUSED)), 100),
                new DiskUsage.Container(container(running.exited(0, false, Instant.EPOCH, "")), 200),
                new DiskUsage.Container(container(ContainerState.created()), 0)));
        assertEquals(new DiskUsageSummary("Containers", 4, 2, 600, 200), containers);
        assertEquals("200B (33%)", containers.reclaimableText(), "the share is rounded down, as Go's integer division");
    }

    @Test
    void unusedVolumesAreReclaimableAndNothingHasNoShare() {
        DiskUsageSummary volumes = DiskUsageSummary.volumes(List.of(
                new VolumeService.Usage(volume("used"), 1500, 1), new VolumeService.Usage(volume("unused"), 2500, 0)));
        assertEquals(new DiskUsageSummary("Local Volumes", 2, 1, 4000, 2500), volumes);
        assertEquals("2.5kB (62%)", volumes.reclaimableText());
        assertEquals("0B", DiskUsageSummary.volumes(List.of()).reclaimableText(), "no percentage of nothing");
    }

    private static ImageSummary image(String name, long size, long shared) {
        return new ImageSummary(name, "latest", "sha256:" + name.repeat(64), Instant.EPOCH, size, shared, Map.of());
    }

    private static ContainerRecord container(ContainerState state) {
        ContainerConfig config = ContainerConfig.builder().hostname("h").cmd(List.of("sh")).build();
        return ContainerRecord.builder().id("ab".repeat(32)).name("c").created(Instant.EPOCH).image("busybox")
                .imageId("sha256:x").config(config).hostConfig(HostConfig.builder().build()).state(state)
                .storageDriver("overlay").cgroupDriver("cgroupfs").build();
    }

    private static Volume volume(String name) {
        return new Volume(Instant.EPOCH, "local", Map.of(), "/v/" + name, name, Map.of(), "local");
    }
}
