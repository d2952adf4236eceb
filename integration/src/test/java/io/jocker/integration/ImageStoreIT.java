package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The image store from the command line: what {@code import} accepts as a tar, and that readers
 * ({@code images}, {@code run}) never wait for a writer's layer copy, each command in a JVM of
 * its own, so the lock is the one between processes.
 */
class ImageStoreIT extends ContainerFixture {

    private static final String NOT_A_TAR = "jocker: not a tar archive (plain, or compressed with gzip, bzip2, xz or zstd): ";
    /** sha256 of no bytes at all. */
    private static final String EMPTY_DIGEST = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void importRefusesWhatIsNotATarWithExit125AndLeavesNothing() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "a line of text, not a tar header\n".repeat(40));
        Path oneByte = Files.writeString(tmp.resolve("one"), "x");
        Path shortText = Files.writeString(tmp.resolve("short.txt"), "hello\n");
        Path gzipped = tmp.resolve("notes.txt.gz");
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(gzipped))) {
            out.write(Files.readAllBytes(text));
        }
        String images = jocker.run("images", "-q").stdout();
        String cutShort = NOT_A_TAR + "unexpected EOF: the input ends inside a 512-byte tar header block\n";
        String badHeader = NOT_A_TAR + "invalid tar header";

        for (Path file : List.of(text, gzipped)) {
            assertRefused(jocker.run("import", file.toString(), "x"), badHeader);
            assertRefused(jocker.runWithInput(file, "import", "-", "x"), badHeader);
        }
        for (Path file : List.of(oneByte, shortText)) {
            assertEquals(cutShort, assertRefused(jocker.run("import", file.toString(), "x"), cutShort).stderr());
            assertEquals(cutShort, assertRefused(jocker.runWithInput(file, "import", "-", "x"), cutShort).stderr());
        }

        assertEquals(images, jocker.run("images", "-q").stdout(), "no image was made");
        try (Stream<Path> left = Files.list(jocker.root().resolve("image/overlay/tmp"))) {
            assertEquals(List.of(), left.toList(), "nothing half-written in the image store");
        }
    }

    private static Result assertRefused(Result r, String message) {
        assertEquals(125, r.exitCode(), r::toString);
        assertEquals(1, r.stderr().lines().count(), r::toString);
        assertTrue(r.stderr().startsWith(message), r::toString);
        assertEquals("", r.stdout());
        return r;
    }

    /**
     * Docker's import of an empty file makes an image of one empty layer (moby's DecompressStream
     * treats an empty stream as an uncompressed one, its Issue 18170, and the layer of no tar
     * entries is the digest of no bytes); jocker does the same.
     */
    @Test
    void importOfAnEmptyFileMakesAnImageOfOneEmptyLayerAsDockerDoes() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.tar"));

        Result imported = jocker.run("import", empty.toString(), "empty");
        assertOk(imported);
        Result fromStdin = jocker.runWithInput(empty, "import", "-", "empty2");
        assertOk(fromStdin);

        assertTrue(Files.isDirectory(jocker.root().resolve("overlay/layers").resolve(EMPTY_DIGEST.replace(':', '_'))));
        Result history = jocker.run("history", "empty");
        assertOk(history);
        assertContains(history.stdout(), "0B", "Imported from " + empty);
    }

    @Test
    void anImportStalledInTheMiddleOfItsLayerHoldsUpNeitherImagesNorRun() throws Exception {
        byte[] tar = Files.readAllBytes(BusyboxRootfs.tar());
        Path fifo = tmp.resolve("layer.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Process importing = start("import", fifo.toString(), "fed");
        ExecutorService feeder = Executors.newSingleThreadExecutor();
        // Opened for reading too, the FIFO opens at once; its buffer is far smaller than half the layer.
        try (FileChannel feed = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            feeder.submit(() -> feed.write(ByteBuffer.wrap(tar, 0, tar.length / 2))).get(60, TimeUnit.SECONDS);
            Path tmpDir = jocker.root().resolve("image/overlay/tmp");
            awaitTrue(() -> names(tmpDir).stream().anyMatch(n -> n.startsWith("pending-")), "the import's pending layer");

            assertReadersFinish();
            assertTrue(importing.isAlive(), "the import waits for the rest of its layer");
            feeder.submit(() -> feed.write(ByteBuffer.wrap(tar, tar.length / 2, tar.length - tar.length / 2)))
                    .get(60, TimeUnit.SECONDS);
        } finally {
            feeder.shutdownNow();
        }
        try {
            assertTrue(importing.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, importing.exitValue());
        } finally {
            importing.destroyForcibly().waitFor();
        }
        assertEquals("hi\n", jocker.run("run", "--rm", "fed", "echo", "hi").stdout());
    }

    @Test
    void aSaveWhoseReaderStalledHoldsUpNeitherImagesNorRun() throws Exception {
        // busybox's layer is much larger than a pipe: the save waits for a reader that does not read.
        Process saving = start("save", "busybox");
        try {
            Path lock = jocker.root().resolve("image/overlay/images.lock");
            awaitTrue(() -> Files.exists(lock) && isLocked(lock), "the save's lock on the image store");

            assertReadersFinish();
            assertTrue(saving.isAlive(), "the save waits for its reader");
            try (InputStream archive = saving.getInputStream()) {
                archive.transferTo(OutputStream.nullOutputStream());
            }
            assertTrue(saving.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, saving.exitValue());
        } finally {
            saving.destroyForcibly().waitFor();
        }
    }

    /** {@code images} and {@code run}, each in a JVM of its own; one that waited would time out in {@link JockerCli}. */
    private void assertReadersFinish() throws Exception {
        Result images = jocker.run("images");
        assertOk(images);
        assertContains(images.stdout(), "busybox");
        assertEquals("ok\n", runBusybox("echo", "ok").stdout());
    }

    /** Starts {@code jocker ARGS...} in the background; its standard output is a pipe this test reads or not. */
    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JockerCli.distribution().resolve("bin/jocker").toString(),
                "--root", jocker.root().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", "0");
        return builder.start();
    }

    /** Whether a process holds an fcntl lock on {@code file}, from /proc/locks. */
    private static boolean isLocked(Path file) {
        try {
            long inode = (Long) Files.getAttribute(file, "unix:ino");
            return Files.readAllLines(Path.of("/proc/locks"), StandardCharsets.US_ASCII).stream()
                    .anyMatch(line -> line.contains(":" + inode + " "));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Polls an observable condition, for at most a minute. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never saw " + what);
    }
}
