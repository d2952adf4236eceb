package io.jocker.engine.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The files of an image archive ({@code docker load}'s input), never trusting a name: regular
 * files are looked up in a table, and either read where they lie in the archive (a plain tar file
 * or an unpacked archive directory, which need no copy) or extracted to numbered files in a private directory (a stream or a
 * compressed archive), never to a path taken from the archive. Symbolic and hard links (older
 * docker archives link duplicate layers) resolve inside that table only; {@code ..} above the
 * archive root and absolute link targets are refused, so nothing can point outside the archive.
 */
final class ArchiveFiles implements Closeable {

    private static final int MAX_LINKS = 16;
    /** Large reads and writes: a layer is copied in few system calls. */
    private static final int COPY_BUFFER = 1024 * 1024;

    /** A regular file of the archive. */
    interface ArchiveFile {

        InputStream open() throws IOException;

        /** Where the file's bytes lie one after the other, which they do unless the archive stores it sparse. */
        Optional<FileRegion> region() throws IOException;
    }

    private final Map<String, ArchiveFile> files = new HashMap<>();
    private final Map<String, String> symlinks = new HashMap<>();
    private final Map<String, String> hardLinks = new HashMap<>();
    private final Closeable archive;

    private ArchiveFiles(Closeable archive) {
        this.archive = archive;
    }

    /** Extracts {@code archive} (plain or compressed) into {@code dir}, which must be empty and private. */
    static ArchiveFiles extract(InputStream archive, Path dir) throws IOException, ImageException {
        ArchiveFiles result = new ArchiveFiles(() -> {});
        TarArchiveInputStream tar = new TarArchiveInputStream(Decompressor.open(archive).stream());
        int count = 0;
        byte[] buffer = new byte[COPY_BUFFER];
        for (TarArchiveEntry entry = next(tar); entry != null; entry = next(tar)) {
            String name = result.regularFileName(entry);
            if (name != null) {
                Path file = dir.resolve(Integer.toString(count++));
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                    for (int n = tar.read(buffer); n >= 0; n = tar.read(buffer)) {
                        out.write(buffer, 0, n);
                    }
                }
                result.files.put(name, new Extracted(file));
            }
        }
        return result;
    }

    /**
     * Indexes {@code archive}, an uncompressed tar file, whose files are then read where they lie:
     * a layer is unpacked straight from it, without a copy. Close the result when done.
     */
    static ArchiveFiles inPlace(Path archive) throws IOException, ImageException {
        TarFile tar;
        try {
            tar = new TarFile(archive);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArchiveException("invalid image archive: " + e.getMessage(), e);
        }
        // TarFile has read every header, and refused an archive cut short.
        ArchiveFiles result = new ArchiveFiles(tar);
        try {
            for (TarArchiveEntry entry : tar.getEntries()) {
                String name = result.regularFileName(entry);
                if (name != null) {
                    result.files.put(name, new InPlace(tar, archive, entry));
                }
            }
            return result;
        } catch (ImageException | RuntimeException e) {
            tar.close();
            throw e;
        }
    }

    /**
     * Indexes {@code dir}, an unpacked archive such as an OCI layout directory ({@code podman save
     * --format oci-dir}, skopeo's {@code oci:DIR}), whose files are read where they lie. Its
     * symbolic links resolve inside it as an archive's do; nothing else in it is followed.
     */
    static ArchiveFiles directory(Path dir) throws IOException, ImageException {
        Path root = dir.toRealPath();
        // Checked first, so that a wrong directory (say /) is not walked from top to bottom.
        if (!Files.isRegularFile(root.resolve("index.json"), LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(root.resolve("manifest.json"), LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArchiveException("invalid image archive: the directory " + dir
                    + " has neither manifest.json (docker-archive) nor index.json (OCI image layout)");
        }
        ArchiveFiles result = new ArchiveFiles(() -> {});
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path path : entries) {
            String name = normalize(root.relativize(path).toString(), "");
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                result.symlinks.put(name, Files.readSymbolicLink(path).toString());
            } else if (attributes.isRegularFile()) {
                result.files.put(name, new InDirectory(path));
            }
        }
        return result;
    }

    /**
     * Records a link entry; returns the clean name of a regular file, or null for anything else:
     * directories, links, and devices and fifos, which have no place in an image archive and are
     * ignored, as Docker does.
     */
    private String regularFileName(TarArchiveEntry entry) throws InvalidArchiveException {
        String name = normalize(entry.getName(), "");
        if (entry.isDirectory() || name.isEmpty()) {
            return null;
        }
        if (entry.isSymbolicLink()) {
            symlinks.put(name, entry.getLinkName());
        } else if (entry.isLink()) {
            hardLinks.put(name, normalize(entry.getLinkName(), ""));
        } else if (entry.isFile()) {
            return name;
        }
        return null;
    }

    private record Extracted(Path path) implements ArchiveFile {

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public Optional<FileRegion> region() throws IOException {
            return Optional.of(new FileRegion(path, 0, Files.size(path)));
        }
    }

    /** A file of an archive directory; opened without following a link that replaced it since. */
    private record InDirectory(Path path) implements ArchiveFile {

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public Optional<FileRegion> region() throws IOException {
            return Optional.of(new FileRegion(path, 0, Files.size(path)));
        }
    }

    private record InPlace(TarFile archive, Path path, TarArchiveEntry entry) implements ArchiveFile {

        @Override
        public InputStream open() throws IOException {
            return archive.getInputStream(entry);
        }

        @Override
        public Optional<FileRegion> region() {
            return entry.isSparse() ? Optional.empty() : Optional.of(new FileRegion(path, entry.getDataOffset(), entry.getSize()));
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar) throws InvalidArchiveException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArchiveException("invalid image archive: " + e.getMessage(), e);
        }
    }

    boolean contains(String name) throws InvalidArchiveException {
        return lookup(name, false) != null;
    }

    /** The file an archive path names, following links inside the archive. */
    ArchiveFile file(String name) throws InvalidArchiveException {
        ArchiveFile file = lookup(name, true);
        if (file == null) {
            throw new InvalidArchiveException("invalid image archive: \"" + name + "\" is not in the archive");
        }
        return file;
    }

    private ArchiveFile lookup(String name, boolean strict) throws InvalidArchiveException {
        String current = normalize(name, "");
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            ArchiveFile file = files.get(current);
            if (file != null) {
                return file;
            }
            if (hardLinks.containsKey(current)) {
                current = hardLinks.get(current);
            } else if (symlinks.containsKey(current)) {
                String target = symlinks.get(current);
                if (target.startsWith("/")) {
                    throw new InvalidArchiveException("invalid image archive: the link \"" + current
                            + "\" points outside the archive (" + target + ")");
                }
                int slash = current.lastIndexOf('/');
                current = normalize(target, slash < 0 ? "" : current.substring(0, slash));
            } else {
                return null;
            }
        }
        if (strict) {
            throw new InvalidArchiveException("invalid image archive: too many links resolving \"" + name + "\"");
        }
        return null;
    }

    /**
     * {@code path} relative to {@code base} as a clean archive name; leading {@code /} and {@code .}
     * are dropped as tar does, and {@code ..} above the root is refused.
     */
    static String normalize(String path, String base) throws InvalidArchiveException {
        List<String> parts = new ArrayList<>();
        if (!base.isEmpty()) {
            parts.addAll(List.of(base.split("/")));
        }
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new InvalidArchiveException("invalid image archive: \"" + path + "\" points outside the archive");
                }
                parts.remove(parts.size() - 1);
            } else if (part.indexOf('\0') >= 0) {
                throw new InvalidArchiveException("invalid image archive: NUL byte in \"" + path + "\"");
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    @Override
    public void close() throws IOException {
        archive.close();
    }
}
