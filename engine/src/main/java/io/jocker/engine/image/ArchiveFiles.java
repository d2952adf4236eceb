package io.jocker.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files of an image archive ({@code docker load}'s input), extracted without trusting any name:
 * each regular file goes to a numbered file in a private directory, never to a path taken from the
 * archive, and names are looked up in a table. Symbolic and hard links (older docker archives link
 * duplicate layers) resolve inside that table only; {@code ..} above the archive root and
 * absolute link targets are refused, so nothing can point outside the archive.
 */
final class ArchiveFiles {

    private static final int MAX_LINKS = 16;
    /** Large reads and writes: a layer is copied in few system calls. */
    private static final int COPY_BUFFER = 1024 * 1024;

    private final Path dir;
    private final Map<String, Path> files = new HashMap<>();
    private final Map<String, String> symlinks = new HashMap<>();
    private final Map<String, String> hardLinks = new HashMap<>();

    private ArchiveFiles(Path dir) {
        this.dir = dir;
    }

    /** Extracts {@code archive} (plain or compressed) into {@code dir}, which must be empty and private. */
    static ArchiveFiles extract(InputStream archive, Path dir) throws IOException, ImageException {
        ArchiveFiles result = new ArchiveFiles(dir);
        TarArchiveInputStream tar = new TarArchiveInputStream(Decompressor.open(archive).stream());
        int count = 0;
        byte[] buffer = new byte[COPY_BUFFER];
        for (TarArchiveEntry entry = next(tar); entry != null; entry = next(tar)) {
            String name = normalize(entry.getName(), "");
            if (entry.isDirectory() || name.isEmpty()) {
                continue;
            }
            if (entry.isSymbolicLink()) {
                result.symlinks.put(name, entry.getLinkName());
            } else if (entry.isLink()) {
                result.hardLinks.put(name, normalize(entry.getLinkName(), ""));
            } else if (entry.isFile()) {
                Path file = dir.resolve(Integer.toString(count++));
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                    for (int n = tar.read(buffer); n >= 0; n = tar.read(buffer)) {
                        out.write(buffer, 0, n);
                    }
                }
                result.files.put(name, file);
            }
            // devices and fifos have no place in an image archive and are ignored, as Docker does
        }
        return result;
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

    /** The extracted file an archive path names, following links inside the archive. */
    Path file(String name) throws InvalidArchiveException {
        Path file = lookup(name, true);
        if (file == null) {
            throw new InvalidArchiveException("invalid image archive: \"" + name + "\" is not in the archive");
        }
        return file;
    }

    private Path lookup(String name, boolean strict) throws InvalidArchiveException {
        String current = normalize(name, "");
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            Path file = files.get(current);
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

    Path dir() {
        return dir;
    }
}
