package io.jocker.storage.overlay;

import io.jocker.spi.support.Trees;
import io.jocker.spi.support.SafePaths;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
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
    private final KernelOps kernel;
    private final OverlayDiff diff;

    OverlayDriver(Path home, KernelOps kernel) {
        this.layout = new OverlayLayout(home.toAbsolutePath().normalize());
        this.kernel = kernel;
        this.diff = new OverlayDiff(kernel);
    }

    @Override
    public String name() {
        return OverlayDriverFactory.NAME;
    }

    @Override
    public Path createLayer(String id) throws IOException {
        Path dir = layout.layerDir(id);
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        return Files.createDirectory(layout.layerDiff(id));
    }

    @Override
    public void addWhiteout(Path layerDir, String relativePath) throws IOException {
        Path target = SafePaths.resolveCreatingParents(checkedLayerDir(layerDir), relativePath);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a layer cannot both hold and delete a path");
        }
        kernel.makeCharDevice(target, 0, 0, 0);
    }

    @Override
    public void markOpaque(Path layerDir, String relativeDir) throws IOException {
        Path dir = SafePaths.resolveCreatingParents(checkedLayerDir(layerDir), relativeDir);
        BasicFileAttributes attributes = SafePaths.attributesOrNull(dir);
        if (attributes == null) {
            Files.createDirectory(dir);
        } else if (!attributes.isDirectory() || attributes.isSymbolicLink()) {
            throw new IOException("cannot mark " + relativeDir + " opaque: it is not a directory");
        }
        kernel.setXattr(dir, OverlayDiff.OPAQUE_XATTR, OPAQUE);
    }

    /** Whiteouts may only be written into an uncommitted layer of this driver. */
    private Path checkedLayerDir(Path layerDir) throws IOException {
        Path normalized = layerDir.toAbsolutePath().normalize();
        Path layers = layout.home().resolve("layers");
        if (!normalized.startsWith(layers) || !normalized.getFileName().toString().equals("diff")
                || !normalized.getParent().getParent().equals(layers)) {
            throw new IOException(layerDir + " is not a layer directory of the overlay driver");
        }
        if (Files.exists(normalized.resolveSibling("committed"))) {
            throw new IOException(layerDir + " belongs to a committed layer, which is immutable");
        }
        return normalized;
    }

    @Override
    public void renameLayer(String from, String to) throws IOException {
        if (Files.exists(layout.committedMarker(from), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("layer " + from + " is committed and cannot be renamed");
        }
        // Without REPLACE_EXISTING, an existing target fails instead of being replaced.
        Files.move(layout.layerDir(from), layout.layerDir(to));
    }

    @Override
    public void commitLayer(String id) throws IOException {
        Path diffDir = layout.layerDiff(id);
        if (!Files.isDirectory(diffDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(diffDir.toString(), null, "layer " + id + " was never created");
        }
        Path link = layout.shortLink(id);
        Files.createDirectories(layout.links());
        Path target = layout.links().relativize(diffDir);
        if (Files.isSymbolicLink(link)) {
            if (!Files.readSymbolicLink(link).equals(target)) {
                throw new IOException("short link " + link + " already names another layer; cannot commit " + id);
            }
        } else {
            Files.createSymbolicLink(link, target);
        }
        Files.createFile(layout.committedMarker(id));
    }

    @Override
    public boolean hasLayer(String id) {
        return Files.exists(layout.committedMarker(id), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void removeLayer(String id) throws IOException {
        Path link = layout.shortLink(id);
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(layout.links().relativize(layout.layerDiff(id)))) {
            Files.delete(link);
        }
        Trees.delete(layout.layerDir(id));
    }

    @Override
    public Path layerPath(String id) {
        return layout.layerDiff(id);
    }

    @Override
    public void createContainer(String containerId, List<String> layerIds) throws IOException {
        List<String> lowers = new ArrayList<>();
        for (String layerId : layerIds) {
            if (!hasLayer(layerId)) {
                throw new NoSuchFileException(layerId, null, "no such layer in the overlay driver");
            }
            lowers.add(layout.shortLink(layerId).getFileName().toString());
        }
        Collections.reverse(lowers);
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
