package io.jocker.images;

import io.jocker.spi.StorageDriver;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test double for the image store: layers are plain directories and whiteouts are recorded,
 * not written (the real drivers' whiteouts are covered by their contract tests). Containers are
 * not this fake's business.
 */
public final class DirectoryStorageDriver implements StorageDriver {

    final Path home;
    final List<String> created = new ArrayList<>();
    public final List<String> whiteouts = new ArrayList<>();
    public final List<String> opaques = new ArrayList<>();
    final List<String> renamed = new ArrayList<>();
    /** False plays a driver written before {@link StorageDriver#renameLayer} existed. */
    boolean renames = true;

    public DirectoryStorageDriver(Path home) {
        this.home = home;
    }

    @Override
    public String name() {
        return "directory";
    }

    @Override
    public Path createLayer(String id) throws IOException {
        created.add(id);
        Files.createDirectories(home.resolve("layers"));
        return Files.createDirectory(layerPath(id));
    }

    @Override
    public void addWhiteout(Path layerDir, String relativePath) {
        whiteouts.add(relativePath);
    }

    @Override
    public void markOpaque(Path layerDir, String relativeDir) {
        opaques.add(relativeDir);
    }

    @Override
    public void renameLayer(String from, String to) throws IOException {
        if (!renames) {
            StorageDriver.super.renameLayer(from, to);
        }
        renamed.add(from + " -> " + to);
        Files.move(layerPath(from), layerPath(to));
    }

    @Override
    public void commitLayer(String id) throws IOException {
        Files.createDirectories(home.resolve("committed"));
        Files.createFile(marker(id));
    }

    @Override
    public boolean hasLayer(String id) {
        return Files.exists(marker(id));
    }

    @Override
    public void removeLayer(String id) throws IOException {
        Files.deleteIfExists(marker(id));
        Path dir = layerPath(id);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public Path layerPath(String id) {
        return home.resolve("layers").resolve(id.replace(':', '_'));
    }

    private Path marker(String id) {
        return home.resolve("committed").resolve(id.replace(':', '_'));
    }

    @Override
    public void createContainer(String containerId, List<String> layerIds) {
        throw new UnsupportedOperationException("the image store never creates containers");
    }

    @Override
    public Path mountRootfs(String containerId) {
        throw new UnsupportedOperationException("the image store never mounts");
    }

    @Override
    public void unmountRootfs(String containerId) {
        throw new UnsupportedOperationException("the image store never mounts");
    }

    @Override
    public void removeContainer(String containerId) {
        throw new UnsupportedOperationException("the image store never creates containers");
    }

    @Override
    public void diff(String containerId, ChangeVisitor visitor) {
        throw new UnsupportedOperationException("the image store never diffs");
    }

    @Override
    public Map<String, String> describe(String containerId) {
        return Map.of();
    }
}
