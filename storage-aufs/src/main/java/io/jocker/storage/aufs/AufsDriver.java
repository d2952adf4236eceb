package io.jocker.storage.aufs;

import io.jocker.spi.support.Trees;
import io.jocker.spi.support.LayerDirs;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aufs storage driver: layers are read-only branches under {@code diff/} holding aufs's own
 * {@code .wh.} whiteouts, and each container's root is a union of its writable branch over them.
 */
final class AufsDriver implements StorageDriver {

    private final AufsLayout layout;
    private final LayerDirs layers;
    private final KernelOps kernel;

    AufsDriver(Path home, KernelOps kernel) {
        this.layout = new AufsLayout(home.toAbsolutePath().normalize());
        this.layers = new LayerDirs(AufsDriverFactory.NAME, layout);
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return AufsDriverFactory.NAME;
    }

    @Override
    public Path createLayer(String id) throws IOException {
        return layers.create(id);
    }

    @Override
    public void addWhiteout(Path layerDir, String relativePath) throws IOException {
        Path target = layers.whiteoutTarget(layerDir, relativePath);
        String name = target.getFileName().toString();
        if (name.startsWith(AufsWhiteouts.PREFIX)) {
            throw new IOException("refusing to whiteout \"" + relativePath + "\": aufs reserves names starting with .wh.");
        }
        Files.createFile(target.resolveSibling(AufsWhiteouts.PREFIX + name));
    }

    @Override
    public void markOpaque(Path layerDir, String relativeDir) throws IOException {
        Path marker = layers.opaqueDir(layerDir, relativeDir).resolve(AufsWhiteouts.OPAQUE);
        if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(marker);
        }
    }

    @Override
    public void renameLayer(String from, String to) throws IOException {
        layers.rename(from, to);
    }

    @Override
    public void commitLayer(String id) throws IOException {
        layers.commit(id, () -> {});
    }

    @Override
    public boolean hasLayer(String id) {
        return layers.isCommitted(id);
    }

    @Override
    public void removeLayer(String id) throws IOException {
        layers.remove(id);
    }

    @Override
    public Path layerPath(String id) {
        return layout.layerFiles(id);
    }

    @Override
    public void createContainer(String containerId, List<String> layerIds) throws IOException {
        List<String> lowers = layers.topmostFirst(layerIds);
        Path dir = layout.containerDir(containerId);
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        Files.write(layout.lowerFile(containerId), lowers);
        Files.createDirectory(layout.rw(containerId));
        Files.createDirectory(layout.mnt(containerId));
    }

    @Override
    public Path mountRootfs(String containerId) throws IOException {
        Path mnt = layout.mnt(containerId);
        if (!Files.isDirectory(mnt, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(containerId, null, "no such container in the aufs driver");
        }
        if (kernel.isMountPoint(mnt)) {
            return mnt;
        }
        List<Path> readOnly = new ArrayList<>();
        for (String layerId : Files.readAllLines(layout.lowerFile(containerId))) {
            readOnly.add(layout.layerFiles(layerId));
        }
        AufsMountOptions options = AufsMountOptions.of(layout.rw(containerId), readOnly);
        kernel.mount("none", mnt, "aufs", 0, options.mountData());
        try {
            for (String append : options.appends()) {
                kernel.mount("none", mnt, "aufs", KernelOps.MS_REMOUNT, append);
            }
        } catch (IOException e) {
            try {
                kernel.unmount(mnt, false);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return mnt;
    }

    @Override
    public void unmountRootfs(String containerId) throws IOException {
        Path mnt = layout.mnt(containerId);
        if (kernel.isMountPoint(mnt)) {
            kernel.unmount(mnt, false);
        }
    }

    @Override
    public void removeContainer(String containerId) throws IOException {
        unmountRootfs(containerId);
        if (kernel.isMountPoint(layout.mnt(containerId))) {
            throw new IOException("container " + containerId + " is still mounted at " + layout.mnt(containerId)
                    + "; refusing to delete through the mount");
        }
        Trees.delete(layout.containerDir(containerId));
    }

    @Override
    public void diff(String containerId, ChangeVisitor visitor) throws IOException {
        Path rw = layout.rw(containerId);
        if (!Files.isDirectory(rw, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(containerId, null, "no such container in the aufs driver");
        }
        AufsDiff.walk(rw, visitor);
    }

    @Override
    public Map<String, String> describe(String containerId) {
        if (!Files.isDirectory(layout.containerDir(containerId), LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("MergedDir", layout.mnt(containerId).toString());
        data.put("UpperDir", layout.rw(containerId).toString());
        return data;
    }
}
