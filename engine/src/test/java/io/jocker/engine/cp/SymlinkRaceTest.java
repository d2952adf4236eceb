package io.jocker.engine.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.jocker.engine.tree.TreeArchiver;
import io.jocker.engine.tree.TreeExtractor;
import io.jocker.images.tar.TarBlocks;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.RootedDir;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A "container root" in which another thread keeps swapping {@code /work/a} between a real
 * directory and symbolic links (absolute, relative with {@code ..}) to a host directory outside
 * the root, while files are read and written through {@code /work/a} thousands of times, as
 * {@code cp} does in both directions. Nothing of the host directory may ever be read, and nothing
 * may ever be written into it; the test also checks that both states of {@code /work/a} were met,
 * so that the race really ran.
 */
class SymlinkRaceTest {

    private static final int ROUNDS = 3000;

    @TempDir
    Path tmp;

    private Path host;
    private Path work;
    private RootedDir root;
    private final AtomicBoolean swapping = new AtomicBoolean(true);
    private Thread swapper;

    @BeforeEach
    void startSwapping() throws Exception {
        host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("secret"), "HOST");
        work = Files.createDirectories(tmp.resolve("root/work"));
        Path real = Files.createDirectories(work.resolve("real"));
        Files.writeString(real.resolve("secret"), "CONTAINER");
        Files.createSymbolicLink(work.resolve("abs"), host);
        Files.createSymbolicLink(work.resolve("rel"), Path.of("../../../../../../../../.." + host));
        Files.move(real, work.resolve("a"));
        Files.createDirectories(tmp.resolve("root" + host));
        root = new RootedDir(Fds.open(tmp.resolve("root").toString(), Fds.O_PATH | Fds.O_CLOEXEC));
        swapper = new Thread(() -> {
            String[] links = {"abs", "rel"};
            for (int i = 0; swapping.get(); i++) {
                // /work/a is the directory, then a link, swapped atomically: it is never missing.
                exchange("a", links[i % 2]);
                exchange("a", links[i % 2]);
            }
        });
        swapper.start();
    }

    /** renameat2(RENAME_EXCHANGE), which the JDK does not offer. */
    private void exchange(String a, String b) {
        int rc = Renames.LIBC.renameat2(-100, work.resolve(a).toString(), -100, work.resolve(b).toString(), Renames.RENAME_EXCHANGE);
        if (rc != 0) {
            throw new IllegalStateException("renameat2 failed: errno " + Native.getLastError());
        }
    }

    interface Renames extends Library {
        Renames LIBC = Native.load("c", Renames.class);
        int RENAME_EXCHANGE = 2;

        int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);
    }

    @AfterEach
    void stopSwapping() throws Exception {
        swapping.set(false);
        swapper.join();
        root.close();
    }

    @Test
    void readingThroughTheSwappedPathNeverReadsTheHost() throws Exception {
        int sawContainer = 0;
        int sawNothing = 0;
        for (int i = 0; i < ROUNDS; i++) {
            String path = i % 2 == 0 ? "/work/a/secret" : "/work/a/../a/./secret";
            int fd;
            try {
                fd = root.open(path, false);
            } catch (LinuxException e) {
                sawNothing++;
                continue;
            }
            String content = contentOf(archive(fd));
            assertFalse(content.contains("HOST"), "read the host's file through " + path);
            if (content.contains("CONTAINER")) {
                sawContainer++;
            }
        }
        for (int i = 0; i < ROUNDS / 10; i++) {
            int fd;
            try {
                fd = root.open("/work/a/", true);
            } catch (LinuxException e) {
                continue;
            }
            assertFalse(contentOf(archive(fd)).contains("HOST"), "archived the host's directory");
        }
        int container = sawContainer;
        assertTrue(sawContainer > 0 && sawNothing > 0, () -> "the race never ran: " + container + " reads of the container's file");
    }

    @Test
    void writingThroughTheSwappedPathNeverWritesTheHost() throws Exception {
        byte[] tar = plantingTar();
        int wroteInto = 0;
        for (int i = 0; i < ROUNDS; i++) {
            // As cp resolves its extraction point, then as a name inside an archive unpacked higher up.
            if (i % 2 == 0) {
                int fd;
                try {
                    fd = root.open("/work/a", true);
                } catch (LinuxException e) {
                    continue;
                }
                try (RootedDir into = new RootedDir(fd)) {
                    extract(into, tar, UnaryOperator.identity());
                    wroteInto++;
                }
            } else {
                extract(root, tar, name -> "work/a/" + name);
                wroteInto++;
            }
            try (Stream<Path> listing = Files.list(host)) {
                assertEquals(1, listing.count(), "wrote into the host's directory");
            }
        }
        assertTrue(wroteInto > 0);
    }

    private byte[] archive(int fd) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TreeArchiver archiver = new TreeArchiver(TarBlocks.to(out));
            archiver.add(fd, "x");
            archiver.finish();
            return out.toByteArray();
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    private static String contentOf(byte[] tar) throws IOException {
        StringBuilder all = new StringBuilder();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private static void extract(RootedDir into, byte[] tar, UnaryOperator<String> rename) throws IOException {
        new TreeExtractor(into, "/work/a", new TreeExtractor.Ownership.Unpacker(), rename).extract(new ByteArrayInputStream(tar));
    }

    private static byte[] plantingTar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = "planted".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("planted", TarConstants.LF_NORMAL);
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
