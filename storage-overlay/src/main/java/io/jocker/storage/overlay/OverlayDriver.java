package io.jocker.storage.overlay;

import io.jocker.spi.support.Trees;
import io.jocker.spi.support.LayerDirs;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overlayfs storage driver: each layer is unpacked once under {@code layers/}, each container
 * gets an upper, work and merged directory, and the merged view is an overlay mount whose lower
 * directories are reached through short links (see {@link OverlayLayout}).
 */
final class OverlayDriver implements StorageDriver {

    /** mount(2) copies at most one page of option data. */
    static final int MAX_MOUNT_DATA = 4096;

    private static final byte[] OPAQUE = "y".getBytes(StandardCharsets.US_ASCII);

    private final OverlayLayout layout;
    private final LayerDirs layers;
    private final KernelOps kernel;
    private final OverlayDiff diff;

    OverlayDriver(Path home, KernelOps kernel) {
        this.layout = new OverlayLayout(home.toAbsolutePath().normalize());
        this.layers = new LayerDirs(OverlayDriverFactory.NAME, layout);
        this.kernel = kernel;
        this.diff = new OverlayDiff(kernel);
    }

    @Override
    public String name() {
        return OverlayDriverFactory.NAME;
    }

    @Override
    public Path createLayer(String id) throws IOException {
        return layers.create(id);
    }

    @Override
    public void addWhiteout(Path layerDir, String relativePath) throws IOException {
        kernel.makeCharDevice(layers.whiteoutTarget(layerDir, relativePath), 0, 0, 0);
    }

    @Override
    public void markOpaque(Path layerDir, String relativeDir) throws IOException {
        kernel.setXattr(layers.opaqueDir(layerDir, relativeDir), OverlayDiff.OPAQUE_XATTR, OPAQUE);
    }

    @Override
    public void renameLayer(String from, String to) throws IOException {
        layers.rename(from, to);
    }

    /** The short link comes before the marker: a committed layer is always reachable by it. */
    @Override
    public void commitLayer(String id) throws IOException {
        layers.commit(id, () -> {
            Path link = layout.shortLink(id);
            Files.createDirectories(layout.links());
            Path target = layout.links().relativize(layout.layerFiles(id));
            if (Files.isSymbolicLink(link)) {
                if (!Files.readSymbolicLink(link).equals(target)) {
                    throw new IOException("short link " + link + " already names another layer; cannot commit " + id);
                }
            } else {
                Files.createSymbolicLink(link, target);
            }
        });
    }

    @Override
    public boolean hasLayer(String id) {
        return layers.isCommitted(id);
    }

    @Override
    public void removeLayer(String id) throws IOException {
        Path link = layout.shortLink(id);
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(layout.links().relativize(layout.layerFiles(id)))) {
            Files.delete(link);
        }
        layers.remove(id);
    }

    @Override
    public Path layerPath(String id) {
        return layout.layerFiles(id);
    }

    @Override
    public void createContainer(String containerId, List<String> layerIds) throws IOException {
        List<String> lowers = new ArrayList<>();
        for (String layerId : layers.topmostFirst(layerIds)) {
            lowers.add(layout.shortLink(layerId).getFileName().toString());
        }
        Path dir = layout.containerDir(containerId);
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        if (lowers.isEmpty()) {
            Files.createDirectory(layout.emptyLower(containerId));
        }
        Files.write(layout.lowerFile(containerId), lowers);
        Files.createDirectory(layout.upper(containerId));
        Files.createDirectory(layout.work(containerId));
        Files.createDirectory(layout.merged(containerId));
    }

    @Override
    public Path mountRootfs(String containerId) throws IOException {
        return mount(containerId, false);
    }

    @Override
    public Path mountRootfsReadOnly(String containerId) throws IOException {
        return mount(containerId, true);
    }

    private Path mount(String containerId, boolean readOnly) throws IOException {
        Path merged = layout.merged(containerId);
        if (!Files.isDirectory(merged, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(containerId, null, "no such container in the overlay driver");
        }
        if (kernel.isMountPoint(merged)) {
            if (readOnly || !Files.getFileStore(merged).isReadOnly()) {
                return merged;
            }
            // Left behind by an export that crashed: a container must not start on it.
            kernel.unmount(merged, false);
        }
        kernel.mount("overlay", merged, "overlay", readOnly ? KernelOps.MS_RDONLY : 0, mountData(containerId));
        return merged;
    }

    /**
     * The overlay options. {@code redirect_dir} and {@code metacopy} are off so that the upper
     * directory holds whole files and real directories, which {@link #diff} can read back.
     */
    private String mountData(String containerId) throws IOException {
        List<String> lowers = new ArrayList<>();
        for (String shortName : Files.readAllLines(layout.lowerFile(containerId))) {
            lowers.add(optionPath(layout.links().resolve(shortName)));
        }
        if (lowers.isEmpty()) {
            lowers.add(optionPath(layout.emptyLower(containerId)));
        }
        String data = "lowerdir=" + String.join(":", lowers) + ",upperdir=" + optionPath(layout.upper(containerId))
                + ",workdir=" + optionPath(layout.work(containerId)) + ",redirect_dir=off,metacopy=off";
        if (data.length() + 1 > MAX_MOUNT_DATA) {
            throw new IOException("cannot mount " + lowers.size() + " layers with overlay: the mount options take "
                    + data.length() + " bytes, more than the kernel's limit of " + (MAX_MOUNT_DATA - 1)
                    + "; use a shorter data root or an image with fewer layers");
        }
        return data;
    }

    /** Commas and colons separate overlay options and lower directories; a path containing one cannot be passed. */
    private static String optionPath(Path path) throws IOException {
        String text = path.toString();
        if (text.contains(",") || text.contains(":") || text.contains("\\")) {
            throw new IOException("overlay cannot use " + text + ": the path contains ',', ':' or '\\'");
        }
        return text;
    }

    @Override
    public void unmountRootfs(String containerId) throws IOException {
        Path merged = layout.merged(containerId);
        if (kernel.isMountPoint(merged)) {
            kernel.unmount(merged, false);
        }
    }

    @Override
    public void removeContainer(String containerId) throws IOException {
        Path dir = layout.containerDir(containerId);
        unmountRootfs(containerId);
        if (kernel.isMountPoint(layout.merged(containerId))) {
            throw new IOException("container " + containerId + " is still mounted at " + layout.merged(containerId)
                    + "; refusing to delete through the mount");
        }
        Trees.delete(dir);
    }

    @Override
    public void diff(String containerId, ChangeVisitor visitor) throws IOException {
        Path upper = layout.upper(containerId);
        if (!Files.isDirectory(upper, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(containerId, null, "no such container in the overlay driver");
        }
        diff.walk(upper, visitor);
    }

    @Override
    public Map<String, String> describe(String containerId) {
        if (!Files.isDirectory(layout.containerDir(containerId), LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        Map<String, String> data = new LinkedHashMap<>();
        try {
            List<String> lowers = new ArrayList<>();
            for (String shortName : Files.readAllLines(layout.lowerFile(containerId))) {
                Path link = layout.links().resolve(shortName);
                lowers.add(link.resolveSibling(Files.readSymbolicLink(link)).normalize().toString());
            }
            data.put("LowerDir", String.join(":", lowers));
        } catch (IOException e) {
            data.put("LowerDir", "");
        }
        data.put("MergedDir", layout.merged(containerId).toString());
        data.put("UpperDir", layout.upper(containerId).toString());
        data.put("WorkDir", layout.work(containerId).toString());
        return data;
    }
}
