package io.jocker.engine.system;

import io.jocker.engine.image.ImageSummary;
import io.jocker.engine.volume.VolumeService;
import io.jocker.spi.ContainerRecord;
import java.util.List;

/**
 * What {@code system df} reports: the images (each once, with its first tag and how many
 * containers use it) and the bytes of all their layers, each counted once; the containers with
 * the bytes of their writable layers; the volumes with their bytes and users.
 */
public record DiskUsage(long layersSize, List<Image> images, List<Container> containers, List<VolumeService.Usage> volumes) {

    public DiskUsage {
        images = List.copyOf(images);
        containers = List.copyOf(containers);
        volumes = List.copyOf(volumes);
    }

    /** An image and the number of containers created from it. */
    public record Image(ImageSummary summary, int containers) {}

    /** A container and the bytes of its writable layer (Docker's {@code SizeRw}). */
    public record Container(ContainerRecord record, long sizeRw) {}
}
