package io.jocker.engine.system;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.volume.VolumeService;
import io.jocker.images.ImageException;
import io.jocker.images.ImageStore;
import io.jocker.images.ImageSummary;
import io.jocker.spi.ContainerRecord;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code system df}: the disk space of images, containers and volumes, and how much is unused. */
public final class DiskUsageService {

    private final Provider<ImageStore> images;
    private final ContainerService containers;
    private final VolumeService volumes;

    @Inject
    public DiskUsageService(Provider<ImageStore> images, ContainerService containers, VolumeService volumes) {
        this.images = images;
        this.containers = containers;
        this.volumes = volumes;
    }

    public DiskUsage usage() {
        List<DiskUsage.Container> containerUsage = new ArrayList<>();
        Map<String, Integer> users = new HashMap<>();
        for (ContainerRecord record : containers.list()) {
            containerUsage.add(new DiskUsage.Container(record, containers.sizeRw(record)));
            users.merge(record.imageId(), 1, Integer::sum);
        }
        try {
            ImageStore store = images.get();
            Map<String, ImageSummary> firstTags = new LinkedHashMap<>();
            for (ImageSummary summary : store.list()) {
                firstTags.putIfAbsent(summary.id(), summary);
            }
            List<DiskUsage.Image> imageUsage = firstTags.values().stream()
                    .map(s -> new DiskUsage.Image(s, users.getOrDefault(s.id(), 0))).toList();
            return new DiskUsage(store.layersSize(), imageUsage, containerUsage, volumes.usage());
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure the images: " + e.getMessage(), e);
        }
    }
}
