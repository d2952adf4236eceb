package io.jocker.storage.aufs;

import io.jocker.spi.support.DriverIds;
import io.jocker.spi.support.LayerDirs;
import java.nio.file.Path;

/**
 * Where things live under the driver's home:
 *
 * <pre>
 * diff/&lt;key&gt;                 a layer's files (a read-only branch)
 * layers/&lt;key&gt;               present once the layer is committed
 * containers/&lt;key&gt;/lower     the container's layer ids, topmost first
 * containers/&lt;key&gt;/rw        the container's writable branch
 * containers/&lt;key&gt;/mnt       the union mount
 * </pre>
 */
record AufsLayout(Path home) implements LayerDirs.Layout {

    /** A layer is its branch: its files are its directory. */
    @Override
    public Path layerDir(String id) {
        return layerFiles(id);
    }

    @Override
    public Path layerFiles(String id) {
        return home.resolve("diff").resolve(DriverIds.key(id));
    }

    @Override
    public Path committedMarker(String id) {
        return home.resolve("layers").resolve(DriverIds.key(id));
    }

    Path containerDir(String id) {
        return home.resolve("containers").resolve(DriverIds.key(id));
    }

    Path lowerFile(String id) {
        return containerDir(id).resolve("lower");
    }

    Path rw(String id) {
        return containerDir(id).resolve("rw");
    }

    Path mnt(String id) {
        return containerDir(id).resolve("mnt");
    }
}
