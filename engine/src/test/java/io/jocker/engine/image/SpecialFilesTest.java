package io.jocker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.host.LinuxKernelOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FIFOs, sockets, character and block devices, and hard links to each, through every path that
 * handles layer files (import, commit's writer and unpacking, save, load), with real device nodes.
 * None of them may be opened: a FIFO without a writer would block the test (the timeout turns
 * that into a failure), and 8:0 (a disk this machine lacks) or 5:2 (ptmx) would fail or allocate.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpecialFilesTest {

    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    /** Each special file with a hard link to it, owners and modes that must survive. */
    private static final byte[] LAYER = new Tars().dir("dev/", 0755)
            .device("p", TarConstants.LF_FIFO, 0, 0).hardlink("p.link", "p", 0660)
            .device("dev/null", TarConstants.LF_CHR, 1, 3).hardlink("dev/null.link", "dev/null", 0660)
            .device("dev/tty", TarConstants.LF_CHR, 5, 0).hardlink("dev/tty.link", "dev/tty", 0660)
            .device("dev/ptmx", TarConstants.LF_CHR, 5, 2).hardlink("dev/ptmx.link", "dev/ptmx", 0660)
            .device("dev/sda", TarConstants.LF_BLK, 8, 0).hardlink("dev/sda.link", "dev/sda", 0660)
            .bytes();

    @TempDir
    Path temp;

    @BeforeAll
    static void needsRoot() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
    }

    private ImageStore newStore(String name) {
        return new ImageStore(temp.resolve(name + "/images"), driver(name), new LinuxKernelOps(), new ObjectMapper(),
                new TickingClock(START));
    }

    private DirectoryStorageDriver driver(String name) {
        return new DirectoryStorageDriver(temp.resolve(name + "/driver"));
    }

    @Test
    void aLayerOfSpecialFilesIsImportedSavedAndLoadedWithoutOpeningThem() throws Exception {
        ImageStore store = newStore("a");
        String id = store.importImage(new ByteArrayInputStream(LAYER), new ImportRequest("-", "special", List.of(), null));
        assertSpecialFiles(driver("a").layerPath(Digests.of(LAYER)));

        byte[] archive = save(store, "special");
        assertArrayEquals(LAYER, entries(archive).get("blobs/sha256/" + Digests.hex(Digests.of(LAYER))),
                "the layer is saved byte for byte");
        ImageStore other = newStore("b");
        assertEquals(List.of("Loaded image: special:latest"), other.load(new ByteArrayInputStream(archive)));
        assertEquals(id, other.resolve("special").id());
        assertSpecialFiles(driver("b").layerPath(Digests.of(LAYER)));
    }

    private static void assertSpecialFiles(Path layer) throws IOException {
        assertType(layer.resolve("p"), S_IFIFO, 0);
        assertType(layer.resolve("dev/null"), S_IFCHR, makedev(1, 3));
        assertType(layer.resolve("dev/tty"), S_IFCHR, makedev(5, 0));
        assertType(layer.resolve("dev/ptmx"), S_IFCHR, makedev(5, 2));
        assertType(layer.resolve("dev/sda"), S_IFBLK, makedev(8, 0));
        for (String name : List.of("p", "dev/null", "dev/tty", "dev/ptmx", "dev/sda")) {
            Path file = layer.resolve(name);
            assertEquals(Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS),
                    Files.getAttribute(layer.resolve(name + ".link"), "unix:ino", LinkOption.NOFOLLOW_LINKS), name + " is hard-linked");
            assertEquals(2, Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS), name);
            assertEquals(0660, (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777, name);
            assertEquals(FileTime.from(Tars.MTIME), Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS), name);
        }
    }

    private static void assertType(Path file, int type, long rdev) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(file, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        assertEquals(type, (Integer) attributes.get("mode") & S_IFMT, file.toString());
        assertEquals(rdev, attributes.get("rdev"), file.toString());
    }

    /** glibc's encoding of small device numbers. */
    private static long makedev(int major, int minor) {
        return ((long) major << 8) | minor;
    }

    @Test
    void aTreeOfSpecialFilesIsWrittenAsALayerAndCommittedWithoutOpeningThem() throws Exception {
        LinuxKernelOps kernel = new LinuxKernelOps();
        Path tree = Files.createDirectories(temp.resolve("tree"));
        kernel.makeFifo(tree.resolve("p"), 0640);
        Files.createLink(tree.resolve("p.link"), tree.resolve("p"));
        kernel.makeCharDevice(tree.resolve("null"), 1, 3, 0666);
        kernel.makeCharDevice(tree.resolve("ptmx"), 5, 2, 0666);
        kernel.makeBlockDevice(tree.resolve("sda"), 8, 0, 0660);
        Files.createLink(tree.resolve("sda.link"), tree.resolve("sda"));
        Files.writeString(tree.resolve("regular"), "content\n");
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(tree.resolve("socket")));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (LayerTarWriter writer = new LayerTarWriter(bytes)) {
                for (String name : List.of("null", "p", "p.link", "ptmx", "regular", "sda", "sda.link", "socket")) {
                    writer.add(name, tree.resolve(name));
                }
            }
            byte[] layer = bytes.toByteArray();

            Map<String, TarArchiveEntry> entries = headers(layer);
            assertEquals(List.of("null", "p", "p.link", "ptmx", "regular", "sda", "sda.link"), List.copyOf(entries.keySet()),
                    "a socket is left out, as Docker leaves it out");
            assertEquals(TarConstants.LF_FIFO, entries.get("p").getLinkFlag());
            assertEquals("p", entries.get("p.link").getLinkName());
            assertEquals(TarConstants.LF_LINK, entries.get("sda.link").getLinkFlag());
            assertEquals(5, entries.get("ptmx").getDevMajor());
            assertEquals(2, entries.get("ptmx").getDevMinor());
            assertEquals(8, entries.get("sda").getDevMajor());

            ImageStore store = newStore("a");
            String base = store.importImage(new ByteArrayInputStream(new Tars().file("etc/hostname", "x\n").bytes()),
                    new ImportRequest("-", "base", List.of(), null));
            Path spool = store.newSpool("commit-");
            Files.write(spool, layer);
            String id = store.commit(spool, Digests.of(layer), new CommitRequest(base, RunConfig.EMPTY, List.of(), null, "sh", "c"));
            Path committed = driver("a").layerPath(store.resolve(id).layerIds().get(1));
            assertType(committed.resolve("p"), S_IFIFO, 0);
            assertType(committed.resolve("sda.link"), S_IFBLK, makedev(8, 0));
            assertEquals(0640, (Integer) Files.getAttribute(committed.resolve("p"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
        }
    }

    private byte[] save(ImageStore store, String name) throws Exception {
        Path file = Files.createTempFile(temp, "saved-", ".tar");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            store.save(List.of(name), out);
        }
        return Files.readAllBytes(file);
    }

    private static Map<String, byte[]> entries(byte[] tar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static Map<String, TarArchiveEntry> headers(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), e);
            }
        }
        return entries;
    }
}
