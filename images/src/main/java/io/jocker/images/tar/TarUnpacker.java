package io.jocker.images.tar;

import io.jocker.images.InvalidArchiveException;
import io.jocker.images.NotATarException;
import io.jocker.linux.Inodes;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.support.Trees;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a layer tar into a driver's layer directory, treating every entry as hostile: names are
 * made relative and may not contain {@code ..}, nothing is ever written through a symlink, hard
 * links must point at a file already in the layer, and OCI whiteouts go to the driver. A {@link
 * ContentLog} learns which bytes of the stream became which file, so that the tar can be rebuilt
 * from the files later ({@link TarSplitWriter}).
 */
public final class TarUnpacker {

    /**
     * Told, as the stream is read, where regular files' content went. Between {@link
     * #contentStarts} and {@link #contentEnds} the tar stream yields exactly the bytes written to
     * that file. A file is never written to again; it can only be removed, and {@link #removing}
     * comes first.
     */
    interface ContentLog {

        void contentStarts() throws IOException;

        /** The content just read is the whole content of {@code relativePath}. */
        void contentEnds(String relativePath) throws IOException;

        /** {@code relativePath}, and everything below it if it is a directory, is about to be deleted. */
        void removing(String relativePath) throws IOException;
    }

    /** Writes a regular file's content, which the tar stream is about to yield, into a new file. */
    interface ContentWriter {

        /**
         * Creates {@code target} (which must not exist; a symlink there is not followed) with the
         * next {@code size} bytes of {@code content}, the tar reader positioned at a file's content.
         */
        void write(InputStream content, long size, Path target) throws IOException;
    }

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    /** Large writes: a file is copied in few system calls. */
    private static final int COPY_BUFFER = 256 * 1024;

    private final StorageDriver driver;
    private final KernelOps kernel;

    public TarUnpacker(StorageDriver driver, KernelOps kernel) {
        this.driver = driver;
        this.kernel = kernel;
    }

    /** A writer that copies content from the tar reader through a buffer of its own; one per unpacking. */
    static ContentWriter copying() {
        byte[] buffer = new byte[COPY_BUFFER];
        return (content, size, target) -> {
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, NOFOLLOW)) {
                for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                    out.write(buffer, 0, n);
                }
            }
        };
    }

    /**
     * Unpacks every entry of {@code tar} into {@code layerDir}, telling {@code log} where file
     * content went; {@code writer} writes regular files' content.
     */
    public void unpack(InputStream tar, Path layerDir, ContentLog log, ContentWriter writer)
            throws IOException, InvalidArchiveException {
        List<DirectoryTime> directoryTimes = new ArrayList<>();
        TarArchiveInputStream entries = new StrictTarInputStream(tar);
        for (TarArchiveEntry entry = nextEntry(entries, true); entry != null; entry = nextEntry(entries, false)) {
            List<String> components = components(entry.getName(), entry);
            if (components.isEmpty()) {
                if (entry.isDirectory()) {
                    applyMetadata(layerDir, entry);
                    directoryTimes.add(new DirectoryTime(layerDir, entry.getLastModifiedTime()));
                }
                continue;
            }
            String name = components.get(components.size() - 1);
            if (name.startsWith(WHITEOUT)) {
                whiteout(layerDir, components, entry);
                continue;
            }
            Path target = parentOf(layerDir, components, entry, true).resolve(name);
            String relativePath = String.join("/", components);
            if (!prepareTarget(target, relativePath, entry, log)) {
                applyMetadata(target, entry);
                directoryTimes.add(new DirectoryTime(target, entry.getLastModifiedTime()));
                continue;
            }
            create(layerDir, target, relativePath, entries, entry, writer, log);
            applyMetadata(target, entry);
            if (entry.isDirectory()) {
                directoryTimes.add(new DirectoryTime(target, entry.getLastModifiedTime()));
            }
        }
        // Writing a child changes its directory's mtime, so directories get theirs last.
        for (DirectoryTime time : directoryTimes) {
            setTimes(time.directory(), time.mtime());
        }
    }

    private record DirectoryTime(Path directory, FileTime mtime) {}

    /**
     * The next entry, or null at the end. An empty stream is an empty layer, as in Docker; a stream
     * whose first header is not one is not a tar at all (a text file, or one of a few bytes).
     */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream entries, boolean first) throws InvalidArchiveException {
        try {
            return entries.getNextEntry();
        } catch (CorruptArchiveException e) {
            throw new InvalidArchiveException(e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            String reason = e instanceof TruncatedHeaderException ? e.getMessage() : "invalid tar header: " + e.getMessage();
            if (first) {
                throw new NotATarException("not a tar archive (plain, or compressed with gzip, bzip2, xz or zstd): " + reason, e);
            }
            throw new InvalidArchiveException("archive/tar: " + reason, e);
        }
    }

    /** A header block cut short; commons-compress would take it for the end of the archive. */
    private static final class TruncatedHeaderException extends EOFException {
        TruncatedHeaderException() {
            super("unexpected EOF: the input ends inside a 512-byte tar header block");
        }
    }

    /**
     * A tar reader that refuses a partial header block instead of ending there, as Go's archive/tar
     * does; what follows the first end block may be of any length (tar-split keeps it).
     */
    private static final class StrictTarInputStream extends TarArchiveInputStream {

        StrictTarInputStream(InputStream in) {
            super(in);
        }

        @Override
        protected byte[] readRecord() throws IOException {
            long before = getBytesRead();
            byte[] record = super.readRecord();
            if (record == null && !isAtEOF() && getBytesRead() != before) {
                throw new TruncatedHeaderException();
            }
            return record;
        }
    }

    private void whiteout(Path layerDir, List<String> components, TarArchiveEntry entry)
            throws IOException, InvalidArchiveException {
        String name = components.get(components.size() - 1);
        String parent = String.join("/", components.subList(0, components.size() - 1));
        // The drivers check too; refusing here names the entry and does not depend on the driver.
        parentOf(layerDir, components, entry, true);
        try {
            if (name.equals(OPAQUE)) {
                if (!parent.isEmpty()) {
                    driver.markOpaque(layerDir, parent);
                }
            } else if (!name.startsWith(OPAQUE.substring(0, 8))) {
                driver.addWhiteout(layerDir, (parent.isEmpty() ? "" : parent + "/") + name.substring(WHITEOUT.length()));
            }
            // other .wh..wh. names are aufs bookkeeping, never content
        } catch (IOException e) {
            throw invalid(entry, e.getMessage());
        }
    }

    /**
     * Clears the way for an entry: anything in its place is deleted unless both are directories.
     * Returns false when an existing directory is kept and only its metadata changes.
     */
    private static boolean prepareTarget(Path target, String relativePath, TarArchiveEntry entry, ContentLog log)
            throws IOException {
        BasicFileAttributes existing = attributesOrNull(target);
        if (existing == null) {
            return true;
        }
        if (existing.isDirectory() && entry.isDirectory()) {
            return false;
        }
        log.removing(relativePath);
        Trees.delete(target);
        return true;
    }

    private void create(Path layerDir, Path target, String relativePath, TarArchiveInputStream content,
            TarArchiveEntry entry, ContentWriter writer, ContentLog log) throws IOException, InvalidArchiveException {
        int mode = entry.getMode() & 07777;
        if (entry.isDirectory()) {
            Files.createDirectory(target);
        } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
            Files.createLink(target, hardLinkTarget(layerDir, entry));
        } else if (entry.isCharacterDevice()) {
            kernel.makeCharDevice(target, entry.getDevMajor(), entry.getDevMinor(), mode);
        } else if (entry.isBlockDevice()) {
            kernel.makeBlockDevice(target, entry.getDevMajor(), entry.getDevMinor(), mode);
        } else if (entry.isFIFO()) {
            kernel.makeFifo(target, mode);
        } else if (entry.isFile()) {
            // A sparse entry's content is not the stream's bytes: the log keeps those bytes as they
            // come, and only a plain copy can write it.
            if (entry.isSparse()) {
                copying().write(content, entry.getRealSize(), target);
            } else {
                log.contentStarts();
                writer.write(content, entry.getSize(), target);
                log.contentEnds(relativePath);
            }
        } else {
            throw invalid(entry, "unsupported entry type '" + (char) entry.getLinkFlag() + "'");
        }
    }

    /** A hard link may only point at an existing non-directory already unpacked into this layer. */
    private static Path hardLinkTarget(Path layerDir, TarArchiveEntry entry) throws IOException, InvalidArchiveException {
        List<String> components = components(entry.getLinkName(), entry);
        if (components.isEmpty()) {
            throw invalid(entry, "hard link to the layer root");
        }
        Path target = parentOf(layerDir, components, entry, false).resolve(components.get(components.size() - 1));
        BasicFileAttributes attributes = attributesOrNull(target);
        if (attributes == null || attributes.isDirectory()) {
            throw invalid(entry, "hard link to \"" + entry.getLinkName() + "\", which is not a file in the layer");
        }
        return target;
    }

    /**
     * The entry's parent directory, walked one component at a time without following symlinks;
     * missing directories are created (as tar does) when {@code create} is set.
     */
    private static Path parentOf(Path layerDir, List<String> components, TarArchiveEntry entry, boolean create)
            throws IOException, InvalidArchiveException {
        Path current = layerDir;
        for (String component : components.subList(0, components.size() - 1)) {
            current = current.resolve(component);
            BasicFileAttributes attributes = attributesOrNull(current);
            if (attributes == null && create) {
                Files.createDirectory(current);
            } else if (attributes == null) {
                throw invalid(entry, "\"" + layerDir.relativize(current) + "\" does not exist in the layer");
            } else if (attributes.isSymbolicLink()) {
                throw invalid(entry, "\"" + layerDir.relativize(current) + "\" is a symlink, and writing through it could leave the layer");
            } else if (!attributes.isDirectory()) {
                throw invalid(entry, "\"" + layerDir.relativize(current) + "\" is not a directory");
            }
        }
        return current;
    }

    /** Path components with the leading {@code /} stripped as tar does; {@code ..} is refused outright. */
    private static List<String> components(String name, TarArchiveEntry entry) throws InvalidArchiveException {
        List<String> components = new ArrayList<>();
        for (String component : name.split("/")) {
            if (component.equals("..")) {
                throw invalid(entry, "\"..\" in \"" + name + "\" would leave the layer");
            }
            if (component.indexOf('\0') >= 0) {
                throw invalid(entry, "NUL byte in a path");
            }
            if (!component.isEmpty() && !component.equals(".")) {
                components.add(component);
            }
        }
        return components;
    }

    /**
     * Ownership first (chown clears set-id bits), then the mode (a symlink has none of its own on
     * Linux), then times; by path or through an O_PATH descriptor, because opening a FIFO blocks
     * and opening a device runs its driver.
     */
    private static void applyMetadata(Path path, TarArchiveEntry entry) throws IOException {
        Inodes.setOwner(path, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
        Inodes.setMode(path, entry.getMode());
        if (!entry.isDirectory()) {
            setTimes(path, entry.getLastModifiedTime());
        }
    }

    private static void setTimes(Path path, FileTime mtime) throws IOException {
        Instant time = mtime.toInstant();
        Inodes.setTimes(path, time.getEpochSecond(), time.getNano());
    }

    private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static InvalidArchiveException invalid(TarArchiveEntry entry, String reason) {
        return new InvalidArchiveException("invalid tar entry \"" + entry.getName() + "\": " + reason);
    }
}
