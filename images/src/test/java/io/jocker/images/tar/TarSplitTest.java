package io.jocker.images.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import io.jocker.images.Digests;
import io.jocker.images.DirectoryStorageDriver;
import io.jocker.images.ImageException;
import io.jocker.images.Tars;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tar unpacked with a tar-split index and reassembled from the index and the unpacked files has
 * the same bytes, and so the same SHA-256, as the original, whatever wrote it: both through a
 * stream and through a channel (where file content is copied by the kernel, as {@code save} does).
 * {@link InPlaceTarSplitTest} runs the same tests on tars unpacked where they lie in a file.
 */
class TarSplitTest {

    private static final byte[] TWO_ZERO_BLOCKS = new byte[1024];

    @TempDir
    Path temp;

    private final KernelOps kernel = mock(KernelOps.class);
    private DirectoryStorageDriver driver;
    private int layers;

    @BeforeEach
    void createDriver() throws Exception {
        driver = new DirectoryStorageDriver(temp.resolve("driver"));
        // The mock stands in for mknod: it leaves a file for the unpacker to set metadata on.
        doAnswer(call -> Files.createFile(call.getArgument(0))).when(kernel).makeCharDevice(any(), anyInt(), anyInt(), anyInt());
        doAnswer(call -> Files.createFile(call.getArgument(0))).when(kernel).makeBlockDevice(any(), anyInt(), anyInt(), anyInt());
        doAnswer(call -> Files.createFile(call.getArgument(0))).when(kernel).makeFifo(any(), anyInt());
    }

    /** A layer unpacked with its index. */
    private record Split(Path dir, Path index) {}

    /** The layer tar as unpacking reads it: here a stream, hashed in chunks as it is read. */
    LayerTarStream input(byte[] tar) throws IOException {
        return new BackgroundDigestInputStream(new ByteArrayInputStream(tar), Digests.sha256());
    }

    private Split unpack(byte[] tar) throws Exception {
        Path dir = driver.createLayer(String.format("sha256:%064d", layers));
        Path index = temp.resolve("index-" + layers++);
        try (TarSplitWriter split = TarSplitWriter.create(index); LayerTarStream input = input(tar)) {
            new TarUnpacker(driver, kernel).unpack(split.recording(input, dir), dir, split, input);
            split.finish();
            assertEquals(Digests.of(tar), input.digest(), "the digest of the whole tar");
            assertEquals(tar.length, input.size());
        }
        return new Split(dir, index);
    }

    private byte[] reassemble(Split split) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarSplitReader reader = TarSplitReader.open(split.index(), "test")) {
            TarBlocks blocks = TarBlocks.to(out);
            reader.reassemble(split.dir(), blocks);
            blocks.flush();
        }
        return out.toByteArray();
    }

    private byte[] reassembleThroughAChannel(Split split) throws Exception {
        Path file = temp.resolve("reassembled-" + layers++);
        try (TarSplitReader reader = TarSplitReader.open(split.index(), "test");
                FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TarBlocks blocks = TarBlocks.to(out);
            reader.reassemble(split.dir(), blocks);
            blocks.flush();
        }
        return Files.readAllBytes(file);
    }

    /** Unpacks, reassembles both ways and compares digests; returns the unpacked layer. */
    private Split assertReassembled(byte[] tar) throws Exception {
        Split split = unpack(tar);
        try (TarSplitReader reader = TarSplitReader.open(split.index(), "test")) {
            assertEquals(tar.length, reader.size());
        }
        byte[] streamed = reassemble(split);
        assertEquals(Digests.of(tar), Digests.of(streamed));
        assertArrayEquals(tar, streamed);
        assertEquals(Digests.of(tar), Digests.of(reassembleThroughAChannel(split)));
        return split;
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void everyKindOfEntry() throws Exception {
        Split split = assertReassembled(new Tars().dir("etc/", 0755).file("etc/hostname", "jocker\n")
                .file("big", random(3 * 1024 * 1024 + 17, 1)).file("empty", "").file("block", random(512, 2))
                .hardlink("etc/hardlink", "etc/hostname").symlink("etc/symlink", "hostname")
                .device("dev/null", TarConstants.LF_CHR, 1, 3).device("dev/sda", TarConstants.LF_BLK, 8, 0)
                .device("fifo", TarConstants.LF_FIFO, 0, 0)
                .file("gone/.wh.deleted", "").dir("opaque/", 0755).file("opaque/.wh..wh..opq", "").bytes());

        assertEquals("jocker\n", Files.readString(split.dir().resolve("etc/hardlink")));
        assertTrue(Files.size(split.index()) < 16 * 1024, "file content is not copied into the index: "
                + Files.size(split.index()) + " bytes");
    }

    @Test
    void paxHeadersLongAndNonAsciiNamesAndBigNumbers() throws Exception {
        String longName = "d/" + "n".repeat(200) + "/" + "f".repeat(150);
        assertReassembled(new Tars().file(longName, "long").file("caf\u00e9/\u65e5\u672c.txt", "unicode")
                .file("owned", "big ids", 0644, 3_000_000, 4_000_000).symlink("l".repeat(120), "t".repeat(300))
                .bytes());
    }

    @Test
    void gnuLongNameRecordsAsCommonsCompressWritesThem() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            byte[] data = "gnu".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("g/" + "x".repeat(180));
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("s".repeat(130), TarConstants.LF_SYMLINK);
            link.setLinkName("y".repeat(140));
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        assertReassembled(bytes.toByteArray());
    }

    @Test
    void archivesOfGnuTarInEachFormat() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/tar")), "GNU tar is not installed");
        Path tree = Files.createDirectories(temp.resolve("tree/" + "deep".repeat(30) + "/\u00e9t\u00e9"));
        Files.write(tree.resolve("f".repeat(120)), random(70_000, 3));
        Files.writeString(tree.resolve("small"), "small\n");
        Files.createLink(tree.resolve("hard"), tree.resolve("small"));
        Files.createSymbolicLink(tree.resolve("sym"), Path.of("small"));
        Files.createFile(tree.resolve("empty"));
        for (String format : new String[] {"gnu", "oldgnu", "pax", "ustar", "posix"}) {
            Path archive = temp.resolve("gnu-" + format + ".tar");
            List<String> command = new ArrayList<>(List.of("/bin/tar", "--format=" + format, "-cf", archive.toString()));
            // ustar cannot hold the long names: it gets the files with short names only.
            command.addAll(format.equals("ustar") ? List.of("-C", tree.toString(), "small", "hard", "sym", "empty")
                    : List.of("-C", temp.toString(), "tree"));
            Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0, format + ": " + output);
            byte[] bytes = Files.readAllBytes(archive);
            assertEquals(0, bytes.length % 10240, "GNU tar pads to whole records of 20 blocks");
            assertReassembled(bytes);
        }
    }

    @Test
    void aSparseFileOfGnuTarIsKeptInTheIndex() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/tar")), "GNU tar is not installed");
        Path dir = Files.createDirectories(temp.resolve("sparse"));
        try (FileChannel file = FileChannel.open(dir.resolve("holes"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(random(5000, 4)), 1_000_000);
            file.write(ByteBuffer.wrap(random(100, 5)), 3_000_000);
        }
        Path archive = temp.resolve("sparse.tar");
        Process tar = new ProcessBuilder("/bin/tar", "--sparse", "-cf", archive.toString(), "-C", dir.toString(), "holes")
                .redirectErrorStream(true).start();
        tar.getInputStream().readAllBytes();
        assertTrue(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0);

        Split split = assertReassembled(Files.readAllBytes(archive));

        assertEquals(3_000_100, Files.size(split.dir().resolve("holes")));
    }

    @Test
    void aPathThatAppearsTwiceKeepsBothContents() throws Exception {
        byte[] first = random(100_000, 6);
        Split split = assertReassembled(new Tars().file("twice", first).file("a/b/inner", "inner")
                .hardlink("linked", "twice").file("twice", "second").file("a", "a file replaces a directory")
                .file("f", "a directory replaces a file").dir("f/", 0755).file("f/x", "x")
                .file("s", "a symlink replaces a file").symlink("s", "twice").bytes());

        assertEquals("second", Files.readString(split.dir().resolve("twice")));
        assertArrayEquals(first, Files.readAllBytes(split.dir().resolve("linked")));
    }

    @Test
    void emptyTars() throws Exception {
        assertReassembled(TWO_ZERO_BLOCKS);
        assertReassembled(new byte[0]);
        assertReassembled(new Tars().bytes());
    }

    @Test
    void endBlocksOfAnyLengthAndWhateverFollowsThem() throws Exception {
        byte[] entries = entriesOnly();
        for (int zeros : new int[] {0, 512, 1024, 700, 10240 - entries.length % 10240, 30 * 512, 100_000}) {
            assertReassembled(concat(entries, new byte[zeros]));
        }
        assertReassembled(concat(entries, TWO_ZERO_BLOCKS, "trailing garbage".getBytes(StandardCharsets.UTF_8)));
        assertReassembled(concat(entries, TWO_ZERO_BLOCKS, random(200_000, 7)));
    }

    /** Two entries and no end blocks at all, as some tools write layers. */
    private static byte[] entriesOnly() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarBlocks blocks = TarBlocks.to(bytes);
        byte[] content = random(1000, 8);
        TarArchiveEntry file = new TarArchiveEntry("file");
        file.setSize(content.length);
        file.setModTime(FileTime.fromMillis(0));
        blocks.header(file);
        blocks.content(content);
        blocks.header(new TarArchiveEntry("dir/", TarConstants.LF_DIR));
        blocks.flush();
        return bytes.toByteArray();
    }

    @Test
    void contentThatTheUnpackerDoesNotWriteIsKeptInTheIndex() throws Exception {
        assertReassembled(new Tars().file(".wh.withContent", random(200_000, 9)).dir("o/", 0755)
                .file("o/.wh..wh..opq", "opaque marker with content").file(".wh..wh.plnk/123.456", "aufs bookkeeping")
                .bytes());
    }

    @Test
    void aChangedFileMakesReassemblyFailInsteadOfWritingOtherBytes() throws Exception {
        Split split = unpack(new Tars().file("f", "content").bytes());
        Files.writeString(split.dir().resolve("f"), "changed content");

        ImageException e = assertThrows(ImageException.class, () -> reassemble(split));

        assertEquals("cannot save layer test: its file \"f\" is 15 bytes long, not 7 (layers are immutable; was it changed"
                + " by hand?); remove the image and load or import it again", e.getMessage());
    }

    @Test
    void aDamagedIndexIsRefused() throws Exception {
        Split split = unpack(new Tars().file("f", "content").bytes());
        byte[] index = Files.readAllBytes(split.index());
        Files.write(split.index(), Arrays.copyOf(index, index.length - 1));

        ImageException e = assertThrows(ImageException.class, () -> reassemble(split));

        assertEquals("the tar-split index of layer test is damaged (its trailer is not valid); remove the image and load"
                + " or import it again", e.getMessage());
    }
}
