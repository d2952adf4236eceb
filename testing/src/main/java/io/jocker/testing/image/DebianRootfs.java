package io.jocker.testing.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A Debian 12 root file system tar made by {@code scripts/make-debian-rootfs.sh} (debootstrap
 * --variant=minbase from Debian's mirror). Building it takes minutes, so it is kept between test
 * runs in a fixed cache directory ({@code /var/cache/jocker-tests}, or {@code
 * -Djocker.testCache=}) and built once, under a lock that concurrent test JVMs share. A mirror
 * other than Debian's may be given with {@code -Djocker.debianMirror=}.
 */
public final class DebianRootfs {

    static final String SCRIPT = "scripts/make-debian-rootfs.sh";
    private static final String NAME = "debian-12-minbase.tar";

    private DebianRootfs() {}

    /** The tar's path; builds it on first use unless the cache holds it. */
    public static Path tar() {
        return Holder.TAR;
    }

    private static final class Holder {
        static final Path TAR = cached();
    }

    private static Path cached() {
        Path cache = Path.of(System.getProperty("jocker.testCache", "/var/cache/jocker-tests"));
        Path tar = cache.resolve(NAME);
        try {
            Files.createDirectories(cache);
            try (FileChannel lockFile = FileChannel.open(cache.resolve(NAME + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                if (!Files.isRegularFile(tar)) {
                    build(tar);
                }
            }
            return tar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the Debian rootfs in " + cache, e);
        }
    }

    private static void build(Path tar) throws IOException {
        List<String> command = new ArrayList<>(List.of(RepositoryScripts.find(SCRIPT, "jocker.debianScript").toString(),
                tar.toString()));
        String mirror = System.getProperty("jocker.debianMirror");
        if (mirror != null) {
            command.add(mirror);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(SCRIPT + " failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the Debian rootfs", e);
        }
    }
}
