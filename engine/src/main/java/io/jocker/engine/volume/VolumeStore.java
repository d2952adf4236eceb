package io.jocker.engine.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.linux.AtomicFiles;
import io.jocker.linux.FaultPoints;
import io.jocker.spi.support.Trees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Volumes on disk, laid out as Docker's local driver does: {@code <root>/<name>/_data} holds the
 * data, {@code <root>/<name>/volume.json} the metadata. A directory without metadata is not a
 * volume (a create that crashed half-way). Callers serialise changes; names are validated here,
 * so no name can leave the root.
 */
final class VolumeStore {

    static final String DATA = "_data";
    private static final String METADATA = "volume.json";

    private final Path root;
    private final ObjectMapper json;

    VolumeStore(Path root, ObjectMapper json) {
        this.root = root;
        this.json = json;
    }

    Path root() {
        return root;
    }

    /** The host directory a volume's data lives in. */
    Path dataOf(String name) {
        return root.resolve(VolumeNames.validate(name)).resolve(DATA);
    }

    /** Creates a volume with an empty {@code _data} directory (mode 0755, as Docker makes it). */
    Volume create(String name, Map<String, String> labels) throws IOException {
        Path data = dataOf(name);
        Files.createDirectories(data.getParent());
        if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        Volume volume = new Volume(Instant.now(), "local", labels, data.toString(), name, Map.of(), "local");
        AtomicFiles.write(data.getParent().resolve(METADATA), json.writeValueAsBytes(volume));
        return volume;
    }

    Optional<Volume> get(String name) throws IOException {
        if (!VolumeNames.isValid(name)) {
            return Optional.empty();
        }
        Path metadata = root.resolve(name).resolve(METADATA);
        if (!Files.isRegularFile(metadata, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(metadata.toFile(), Volume.class));
    }

    /** Every volume, sorted by name. */
    List<Volume> list() throws IOException {
        List<Volume> volumes = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return volumes;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                get(dir.getFileName().toString()).ifPresent(volumes::add);
            }
        }
        volumes.sort((a, b) -> a.name().compareTo(b.name()));
        return volumes;
    }

    /**
     * Deletes a volume and its data. The metadata goes last: a removal killed half-way leaves the
     * volume listed, and removing it again finishes the job.
     */
    void delete(String name) throws IOException {
        Path data = dataOf(name);
        Trees.delete(data);
        FaultPoints.reach("volume.remove");
        Trees.delete(data.getParent());
    }

    /** Deletes the directories without metadata that a create killed half-way left. The caller holds the volume lock. */
    void removeAbandoned() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                if (VolumeNames.isValid(dir.getFileName().toString()) && !Files.exists(dir.resolve(METADATA), LinkOption.NOFOLLOW_LINKS)) {
                    Trees.delete(dir);
                }
            }
        }
    }

    /** The bytes a volume's data occupies (file sizes, links not followed). */
    long size(String name) throws IOException {
        long[] total = {0};
        Path data = dataOf(name);
        if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Files.walkFileTree(data, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.isRegularFile() ? attrs.size() : 0;
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
