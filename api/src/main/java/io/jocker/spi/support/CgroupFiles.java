package io.jocker.spi.support;

import io.jocker.spi.CgroupException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes cgroup interface files, turning I/O errors into {@link CgroupException}s. */
public final class CgroupFiles {

    private static final long REMOVE_RETRY_MILLIS = 2_000;

    private CgroupFiles() {}

    public static String read(Path file) throws CgroupException {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new CgroupException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static long readLong(Path file) throws CgroupException {
        String value = read(file);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new CgroupException("unexpected content \"" + value + "\" in " + file, e);
        }
    }

    /** The value of {@code key} in a flat-keyed file such as memory.stat; -1 if absent. */
    public static long readKey(Path file, String key) throws CgroupException {
        for (String line : read(file).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                try {
                    return Long.parseLong(parts[1]);
                } catch (NumberFormatException e) {
                    throw new CgroupException("unexpected value of " + key + " in " + file, e);
                }
            }
        }
        return -1;
    }

    /**
     * Writes one value. CREATE lets a fake tree in a plain directory work; on cgroupfs a file the
     * kernel did not provide cannot be created, so a missing controller file still fails.
     */
    public static void write(Path file, String value) throws CgroupException {
        try {
            Files.writeString(file, value, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CgroupException("cannot write \"" + value + "\" to " + file + ": " + describe(e), e);
        }
    }

    public static List<Long> pids(Path dir) throws CgroupException {
        Path procs = dir.resolve("cgroup.procs");
        if (!Files.exists(procs)) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>();
        for (String line : read(procs).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    public static void createDirectory(Path dir) throws CgroupException {
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new CgroupException("cannot create cgroup " + dir + ": " + describe(e), e);
        }
    }

    /** Creates a shared directory such as {@code jocker/}; another jocker creating it meanwhile is fine. */
    public static void createDirectoryIfMissing(Path dir) throws CgroupException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new CgroupException("cannot create cgroup " + dir + ": a file of that name exists", e);
            }
        } catch (IOException e) {
            throw new CgroupException("cannot create cgroup " + dir + ": " + describe(e), e);
        }
    }

    /**
     * Removes a cgroup directory, retrying while the kernel still reaps its last tasks (EBUSY).
     * On cgroupfs rmdir takes the interface files with it; a fake tree in a plain directory
     * holds real files, which are deleted first.
     */
    public static void removeDirectory(Path dir) throws CgroupException {
        long deadline = System.currentTimeMillis() + REMOVE_RETRY_MILLIS;
        while (true) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (DirectoryNotEmptyException e) {
                deleteRegularFiles(dir);
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new CgroupException("cannot remove cgroup " + dir + ": " + describe(e)
                            + " (are processes still in it?)", e);
                }
                pause(20);
            }
        }
    }

    private static void deleteRegularFiles(Path dir) throws CgroupException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                if (Files.isDirectory(entry)) {
                    throw new CgroupException("cannot remove cgroup " + dir + ": it has a child cgroup " + entry);
                }
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new CgroupException("cannot remove cgroup " + dir + ": " + describe(e), e);
        }
    }

    public static void pause(long millis) throws CgroupException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted while waiting for the kernel", e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String reason = e.getMessage();
        int colon = reason == null ? -1 : reason.lastIndexOf(": ");
        return colon >= 0 ? reason.substring(colon + 2) : String.valueOf(reason);
    }
}
