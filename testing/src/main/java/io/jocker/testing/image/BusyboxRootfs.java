package io.jocker.testing.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A busybox root file system tar built once per JVM by {@code scripts/make-busybox-rootfs.sh}
 * (found by walking up from the working directory, or at {@code -Djocker.busyboxScript=}).
 */
public final class BusyboxRootfs {

    static final String SCRIPT = "scripts/make-busybox-rootfs.sh";

    private BusyboxRootfs() {}

    /** The tar's path; builds it on first use. */
    public static Path tar() {
        return Holder.TAR;
    }

    /**
     * Unpacks the tar into {@code dir} (which must exist), for tests that start containers on a
     * directory rather than through a storage driver; returns {@code dir}.
     */
    public static Path unpackInto(Path dir) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "-xf", tar().toString(), "-C", dir.toString()).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() != 0) {
            throw new IOException("cannot unpack the busybox rootfs into " + dir + ": " + output.trim());
        }
        return dir;
    }

    private static final class Holder {
        static final Path TAR = build();
    }

    private static Path build() {
        try {
            Path dir = Files.createTempDirectory("jocker-busybox-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            Path tar = dir.resolve("busybox-rootfs.tar");
            Process process = new ProcessBuilder(script().toString(), tar.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(SCRIPT + " failed: " + output.trim());
            }
            return tar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the busybox rootfs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the busybox rootfs", e);
        }
    }

    static Path script() {
        return RepositoryScripts.find(SCRIPT, "jocker.busyboxScript");
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left at JVM exit is harmless; nothing useful can be done here
        }
    }
}
