package io.jocker.images.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TarBlocks writes the very bytes commons-compress's stream writes for the same entries, so that
 * layer digests (commit) and archives (save, export) did not change when content started to
 * bypass that stream.
 */
class TarBlocksTest {

    @TempDir
    Path temp;

    /** Names, links and numbers that need PAX headers, and the plain cases. */
    private static List<TarArchiveEntry> entries() {
        TarArchiveEntry dir = new TarArchiveEntry("etc/", TarConstants.LF_DIR);
        dir.setMode(0755);
        TarArchiveEntry longName = new TarArchiveEntry("d/" + "n".repeat(150), TarConstants.LF_NORMAL);
        TarArchiveEntry unicode = new TarArchiveEntry("etc/caf\u00e9-\u65e5\u672c", TarConstants.LF_NORMAL);
        TarArchiveEntry bigIds = new TarArchiveEntry("ids", TarConstants.LF_NORMAL);
        bigIds.setUserId(100_000_000);
        bigIds.setGroupId(3_000_000);
        bigIds.setModTime(FileTime.fromMillis(1_600_000_000_000L));
        TarArchiveEntry symlink = new TarArchiveEntry("l", TarConstants.LF_SYMLINK);
        symlink.setLinkName("/" + "t".repeat(120));
        TarArchiveEntry device = new TarArchiveEntry("dev/big", TarConstants.LF_CHR);
        device.setDevMajor(4095);
        device.setDevMinor(3_000_000);
        TarArchiveEntry empty = new TarArchiveEntry("e", TarConstants.LF_NORMAL);
        List<TarArchiveEntry> entries = List.of(dir, longName, unicode, bigIds, symlink, device, empty);
        // An entry's time defaults to its creation; both writers must see the same one.
        for (TarArchiveEntry entry : entries) {
            if (entry != bigIds) {
                entry.setModTime(FileTime.fromMillis(1_500_000_000_000L));
            }
        }
        return entries;
    }

    private static byte[] content(TarArchiveEntry entry) {
        return entry.isFile() && !entry.getName().equals("e")
                ? ("content of " + entry.getName()).repeat(40).getBytes(StandardCharsets.UTF_8)
                : new byte[0];
    }

    private static byte[] withCommonsCompress(List<TarArchiveEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, TarBlocks.BLOCK);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        for (TarArchiveEntry entry : entries) {
            byte[] content = content(entry);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        tar.finish();
        return out.toByteArray();
    }

    @Test
    void aStreamGetsTheBytesCommonsCompressWrites() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarBlocks tar = TarBlocks.to(out);
        for (TarArchiveEntry entry : entries()) {
            byte[] content = content(entry);
            entry.setSize(content.length);
            tar.header(entry);
            tar.content(content);
        }
        tar.finish();

        assertArrayEquals(withCommonsCompress(entries()), out.toByteArray());
    }

    @Test
    void aFileChannelGetsTheSameBytesWithFileContentCopiedByTheKernel() throws Exception {
        Path archive = temp.resolve("out.tar");
        try (FileChannel out = FileChannel.open(archive, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TarBlocks tar = TarBlocks.to(out);
            for (TarArchiveEntry entry : entries()) {
                byte[] content = content(entry);
                entry.setSize(content.length);
                tar.header(entry);
                Path file = Files.write(temp.resolve("content-" + content.length + "-" + entry.hashCode()), content);
                try (FileChannel in = FileChannel.open(file)) {
                    assertEquals(content.length, tar.content(in, content.length));
                }
            }
            tar.finish();
        }

        assertArrayEquals(withCommonsCompress(entries()), Files.readAllBytes(archive));
    }

    @Test
    void aFileThatShrankIsPaddedWithZerosAndOneThatGrewIsCut() throws Exception {
        Path file = Files.write(temp.resolve("f"), "12345".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarBlocks tar = TarBlocks.to(Channels.newChannel(out));
        try (FileChannel in = FileChannel.open(file)) {
            assertEquals(5, tar.content(in, 8));
            assertEquals(3, tar.content(in, 3));
        }
        tar.finish();

        byte[] bytes = out.toByteArray();
        assertEquals(4 * TarBlocks.BLOCK, bytes.length, "two padded contents and the two end blocks");
        assertArrayEquals("12345\0\0\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(bytes, 8));
        assertArrayEquals("123".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(bytes, 512, 515));
    }

    @Test
    void aSizeBeyondEightGibibytesGetsThePaxHeaderCommonsCompressWrites() throws Exception {
        TarArchiveEntry huge = new TarArchiveEntry("huge", TarConstants.LF_NORMAL);
        huge.setSize(9L << 30);
        huge.setModTime(FileTime.fromMillis(0));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        TarArchiveOutputStream reference = new TarArchiveOutputStream(expected, TarBlocks.BLOCK);
        reference.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        reference.putArchiveEntry(huge);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        TarBlocks.to(out).header(huge);

        assertArrayEquals(expected.toByteArray(), out.toByteArray());
        assertEquals(3 * TarBlocks.BLOCK, out.size(), "a PAX header entry, its record, then the entry's header");
    }
}
