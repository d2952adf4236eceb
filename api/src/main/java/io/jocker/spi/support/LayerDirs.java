package io.jocker.spi.support;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The bookkeeping of a storage driver that keeps each layer as a directory: a layer is created
 * uncommitted, may be renamed and written (files, whiteouts, opaque markers) only while
 * uncommitted, is committed by a marker file, and is removed marker first, so that a crash
 * leaves an uncommitted layer, never a broken committed one. The driver says where things live
 * ({@link Layout}) and writes its own whiteout and opaque markers.
 */
public final class LayerDirs {

    /** Where a driver keeps its layers. Paths depend only on the id, through {@link DriverIds#key}. */
    public interface Layout {

        /** The directory that is created, renamed and removed as the layer. */
        Path layerDir(String id);

        /** Where the layer's files go: {@link #layerDir} itself or a directory inside it. */
        Path layerFiles(String id);

        /** The file whose presence says the layer is committed. */
        Path committedMarker(String id);
    }

    /** A step a driver takes while committing, before the marker makes the layer visible. */
    @FunctionalInterface
    public interface BeforeCommit {
        void run() throws IOException;
    }

    private final String driver;
    private final Layout layout;

    /**
     * @param driver the driver's name, for messages
     */
    public LayerDirs(String driver, Layout layout) {
        this.driver = driver;
        this.layout = layout;
    }

    /** Creates the uncommitted layer {@code id}; fails if it exists. Returns where its files go. */
    public Path create(String id) throws IOException {
        Path dir = layout.layerDir(id);
        Path files = layout.layerFiles(id);
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        return files.equals(dir) ? dir : Files.createDirectory(files);
    }

    /** Renames an uncommitted layer; an existing target fails instead of being replaced. */
    public void rename(String from, String to) throws IOException {
        if (isCommitted(from)) {
            throw new IOException("layer " + from + " is committed and cannot be renamed");
        }
        Files.move(layout.layerDir(from), layout.layerDir(to));
    }

    /** Commits a created layer: {@code before} runs first, then the marker is written. */
    public void commit(String id, BeforeCommit before) throws IOException {
        Path files = layout.layerFiles(id);
        if (!Files.isDirectory(files, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(files.toString(), null, "layer " + id + " was never created");
        }
        before.run();
        Path marker = layout.committedMarker(id);
        Files.createDirectories(marker.getParent());
        Files.createFile(marker);
    }

    public boolean isCommitted(String id) {
        return Files.exists(layout.committedMarker(id), LinkOption.NOFOLLOW_LINKS);
    }

    /** Removes a layer, committed or not, marker first; a missing layer is no error. */
    public void remove(String id) throws IOException {
        Files.deleteIfExists(layout.committedMarker(id));
        Trees.delete(layout.layerDir(id));
    }

    /**
     * The ids of the given layers, bottom first, as the topmost-first list that union mounts
     * take; every layer must be committed.
     */
    public List<String> topmostFirst(List<String> bottomFirst) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String id : bottomFirst) {
            if (!isCommitted(id)) {
                throw new NoSuchFileException(id, null, "no such layer in the " + driver + " driver");
            }
            ids.add(id);
        }
        Collections.reverse(ids);
        return ids;
    }

    /**
     * Where a whiteout of {@code relativePath} goes in the uncommitted layer whose files are at
     * {@code layerFiles}: its parents are created, and the path itself must not exist, since a
     * layer cannot both hold and delete a path.
     */
    public Path whiteoutTarget(Path layerFiles, String relativePath) throws IOException {
        Path target = SafePaths.resolveCreatingParents(uncommittedFiles(layerFiles), relativePath);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a layer cannot both hold and delete a path");
        }
        return target;
    }

    /** The directory {@code relativeDir} of an uncommitted layer, created if missing, to be marked opaque. */
    public Path opaqueDir(Path layerFiles, String relativeDir) throws IOException {
        Path dir = SafePaths.resolveCreatingParents(uncommittedFiles(layerFiles), relativeDir);
        BasicFileAttributes attributes = SafePaths.attributesOrNull(dir);
        if (attributes == null) {
            Files.createDirectory(dir);
        } else if (!attributes.isDirectory() || attributes.isSymbolicLink()) {
            throw new IOException("cannot mark " + relativeDir + " opaque: it is not a directory");
        }
        return dir;
    }

    /** {@code layerFiles}, normalized, if it is where an uncommitted layer of this driver keeps its files. */
    private Path uncommittedFiles(Path layerFiles) throws IOException {
        Path files = layerFiles.toAbsolutePath().normalize();
        String id = idOf(files).orElseThrow(() -> new IOException(layerFiles + " is not a layer directory of the " + driver + " driver"));
        if (isCommitted(id)) {
            throw new IOException(layerFiles + " belongs to a committed layer, which is immutable");
        }
        return files;
    }

    /** The layer whose files are at {@code files}: the id whose key names it or one of its parents. */
    private Optional<String> idOf(Path files) {
        for (Path dir = files; dir.getFileName() != null; dir = dir.getParent()) {
            Optional<String> id = DriverIds.idOf(dir.getFileName().toString());
            if (id.isPresent() && layout.layerFiles(id.get()).equals(files)) {
                return id;
            }
        }
        return Optional.empty();
    }
}
