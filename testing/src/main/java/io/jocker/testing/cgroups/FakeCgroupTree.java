package io.jocker.testing.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A fake cgroup file system in a plain directory: {@code root} plays {@code /}, so
 * {@code sys/fs/cgroup/...} holds the hierarchies and {@code proc/self/mountinfo} says what is
 * mounted where. Paths given to this class are relative to {@code root}.
 */
public final class FakeCgroupTree {

    private final Path root;

    public FakeCgroupTree(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** {@code root}/sys/fs/cgroup. */
    public Path cgroupRoot() {
        return root.resolve("sys/fs/cgroup");
    }

    /** Writes a file, creating its parent directories. */
    public FakeCgroupTree file(String relative, String content) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public FakeCgroupTree directory(String relative) {
        try {
            Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Deletes a file or an empty directory. */
    public FakeCgroupTree delete(String relative) {
        try {
            Files.deleteIfExists(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code proc/self/mountinfo} with these lines. */
    public FakeCgroupTree mountinfo(String... lines) {
        return file("proc/self/mountinfo", String.join("\n", lines) + "\n");
    }

    /** A file's content, trimmed; null if it does not exist. */
    public String read(String relative) {
        Path file = root.resolve(relative);
        try {
            return Files.exists(file) ? Files.readString(file).trim() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String relative) {
        return Files.exists(root.resolve(relative));
    }

    /** Every regular file below {@code relativeDir}, relative to {@code root}; empty if absent. */
    public Set<String> files(String relativeDir) {
        Path dir = root.resolve(relativeDir);
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            Set<String> files = new TreeSet<>();
            walk.filter(Files::isRegularFile).forEach(f -> files.add(root.relativize(f).toString()));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
