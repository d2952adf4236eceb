package io.jocker.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Stores image layers and builds each container's root file system from a chain of them.
 *
 * <p>The engine owns tar parsing and path safety; the driver owns the on-disk layout and the
 * whiteout format. Import works as: {@link #createLayer} returns an empty directory, the engine
 * unpacks regular entries into it and calls {@link #addWhiteout} / {@link #markOpaque} for OCI
 * whiteout entries, possibly {@link #renameLayer}, then {@link #commitLayer}. A layer is
 * immutable after commit.
 *
 * <p>Implementers must guarantee: every path they create stays under the driver's home; {@link
 * #mountRootfs} mounts in the caller's mount namespace and is idempotent for a mounted
 * container; {@link #removeContainer} and {@link #removeLayer} succeed on partial state (a
 * crash may leave any prefix of the creation steps behind) and leave no mount.
 */
public interface StorageDriver {

    /** The driver's name, as its factory reports it. */
    String name();

    /** Creates an empty, uncommitted layer directory and returns it. Fails if {@code id} exists. */
    Path createLayer(String id) throws IOException;

    /** Records that {@code relativePath} (an OCI {@code .wh.} entry's target) is deleted in the layer. */
    void addWhiteout(Path layerDir, String relativePath) throws IOException;

    /** Records that directory {@code relativeDir} hides everything below it in lower layers. */
    void markOpaque(Path layerDir, String relativeDir) throws IOException;

    /**
     * Gives an uncommitted layer the id {@code to}, so that a layer named by the digest of its
     * content can be unpacked while that digest is still being computed, under a provisional id.
     * Fails if {@code from} is committed or {@code to} exists. The default, for drivers written
     * before this method, throws {@link UnsupportedOperationException}; the engine then unpacks
     * the layer a second time under its final id.
     */
    default void renameLayer(String from, String to) throws IOException {
        throw new UnsupportedOperationException("the " + name() + " storage driver cannot rename layers");
    }

    /** Makes an unpacked layer available to containers. */
    void commitLayer(String id) throws IOException;

    /** Whether a committed layer with this id exists. */
    boolean hasLayer(String id);

    /** Deletes a layer (committed or not). Absent layers are not an error. */
    void removeLayer(String id) throws IOException;

    /** The directory with a committed layer's files, for export and for tests. */
    Path layerPath(String id);

    /**
     * Creates the container's writable layer on top of {@code layerIds} (lowest first). Creating
     * an existing container fails.
     */
    void createContainer(String containerId, List<String> layerIds) throws IOException;

    /** Mounts the container's root file system and returns its path (the merged view). */
    Path mountRootfs(String containerId) throws IOException;

    /**
     * Mounts the container's root file system read-only, for a reader of all of it ({@code export}),
     * and returns its path; {@link #unmountRootfs} unmounts it. A container mounted already (a
     * running one) is returned as it is. Unmounting a writable overlay syncs the whole file system
     * under its upper directory, which a read-only mount spares. The default mounts it writable;
     * a driver that overrides this must not let {@link #mountRootfs} return a read-only mount left
     * behind by a reader that crashed.
     */
    default Path mountRootfsReadOnly(String containerId) throws IOException {
        return mountRootfs(containerId);
    }

    /** Unmounts the container's root file system; not mounted is not an error. */
    void unmountRootfs(String containerId) throws IOException;

    /** Unmounts and deletes everything the container owns in the driver. Absent is not an error. */
    void removeContainer(String containerId) throws IOException;

    /** Walks the container's writable layer and reports each change, for commit. */
    void diff(String containerId, ChangeVisitor visitor) throws IOException;

    /** Driver details shown by {@code inspect} under {@code GraphDriver.Data}. */
    Map<String, String> describe(String containerId);

    /** Receives the changes of a writable layer, parents before children. */
    interface ChangeVisitor {

        /** A file, directory, link or device that is new or changed; {@code file} is its path in the upper layer. */
        void changed(String relativePath, Path file) throws IOException;

        /** A path deleted from the lower layers. */
        void deleted(String relativePath) throws IOException;

        /** A directory that replaced a lower directory of the same name (opaque). */
        void opaqued(String relativeDir) throws IOException;
    }
}
