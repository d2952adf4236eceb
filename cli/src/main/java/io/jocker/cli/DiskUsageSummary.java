package io.jocker.cli;

import io.jocker.cli.template.GoStruct;
import io.jocker.engine.system.DiskUsage;
import io.jocker.engine.volume.VolumeService;
import io.jocker.spi.ContainerState;
import java.util.List;
import java.util.Set;

/**
 * {@code system df}'s lines, summed as Docker's {@code formatter.DiskUsageContext} sums them: an
 * image is active when a container uses it and what is not its unique size in active images is
 * reclaimable; a container is active while it runs, is paused or restarts, and the writable layers
 * of the others are reclaimable; a volume is active while a container refers to it, and the others'
 * bytes are reclaimable. jocker has no build cache, so it has no line for one.
 */
record DiskUsageSummary(String type, int total, int active, long size, long reclaimable) {

    static final String DEFAULT_TABLE = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
    private static final Set<ContainerState.Status> ACTIVE = Set.of(ContainerState.Status.RUNNING, ContainerState.Status.PAUSED,
            ContainerState.Status.RESTARTING);

    static List<DiskUsageSummary> of(DiskUsage usage) {
        return List.of(images(usage), containers(usage.containers()), volumes(usage.volumes()));
    }

    static DiskUsageSummary images(DiskUsage usage) {
        List<DiskUsage.Image> used = usage.images().stream().filter(i -> i.containers() > 0).toList();
        long inUse = used.stream().mapToLong(i -> i.summary().uniqueSize()).sum();
        return new DiskUsageSummary("Images", usage.images().size(), used.size(), usage.layersSize(), usage.layersSize() - inUse);
    }

    static DiskUsageSummary containers(List<DiskUsage.Container> containers) {
        List<DiskUsage.Container> active = containers.stream().filter(c -> ACTIVE.contains(c.record().state().status())).toList();
        long size = containers.stream().mapToLong(DiskUsage.Container::sizeRw).sum();
        long activeSize = active.stream().mapToLong(DiskUsage.Container::sizeRw).sum();
        return new DiskUsageSummary("Containers", containers.size(), active.size(), size, size - activeSize);
    }

    static DiskUsageSummary volumes(List<VolumeService.Usage> volumes) {
        List<VolumeService.Usage> unused = volumes.stream().filter(v -> v.references() == 0).toList();
        long size = volumes.stream().mapToLong(VolumeService.Usage::size).sum();
        return new DiskUsageSummary("Local Volumes", volumes.size(), volumes.size() - unused.size(), size,
                unused.stream().mapToLong(VolumeService.Usage::size).sum());
    }

    /** Docker's {@code Reclaimable}: the size, and its share of the total in whole percent (rounded down) when there is a total. */
    String reclaimableText() {
        String text = Units.humanSize(reclaimable);
        return size > 0 ? text + " (" + reclaimable * 100 / size + "%)" : text;
    }

    /** The row {@code --format} sees, fields in Docker's order. */
    GoStruct row() {
        return GoStruct.builder("*formatter.diskUsageContext")
                .field("Active", Integer.toString(active))
                .field("Reclaimable", reclaimableText())
                .field("Size", Units.humanSize(size))
                .field("TotalCount", Integer.toString(total))
                .field("Type", type)
                .build();
    }
}
