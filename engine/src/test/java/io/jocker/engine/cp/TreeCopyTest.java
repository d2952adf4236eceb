package io.jocker.engine.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.jocker.engine.tree.TreeArchiver;
import io.jocker.engine.tree.TreeExtractor;
import io.jocker.images.tar.TarBlocks;
import io.jocker.linux.Fds;
import io.jocker.linux.Mounts;
import io.jocker.linux.RootedDir;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archiver and the extractor on real files: what they write, and where they never go. */
class TreeCopyTest {

    @TempDir
    Path tmp;

    @Test
    void archivesATreeAsDockerNamesItWithoutOpeningAFifo() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("file"), "hello");
        Files.createLink(src.resolve("sub/hard"), src.resolve("file"));
        Files.createSymbolicLink(src.resolve("link"), Path.of("/etc/passwd"));
        Mounts.makeFifo(src.resolve("fifo"), 0640);
        Files.setLastModifiedTime(src.resolve("file"), FileTime.fromMillis(1_600_000_000_123L));

        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive(tmp.resolve("src"), "src")))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e);
            }
        }
        assertEquals(List.of("src/", "src/fifo", "src/file", "src/link", "src/sub/", "src/sub/hard"),
                entries.stream().map(TarArchiveEntry::getName).toList());
        assertTrue(entries.get(1).isFIFO());
        assertEquals(0640, entries.get(1).getMode() & 07777);
        assertEquals(5, entries.get(2).getSize());
        assertEquals(1_600_000_000_000L, entries.get(2).getModTime().getTime());
        assertEquals("/etc/passwd", entries.get(3).getLinkName());
        assertTrue(entries.get(5).isLink());
        assertEquals("src/file", entries.get(5).getLinkName());
    }

    @Test
    void roundTripKeepsContentModesLinksAndSpecialFiles() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("sub/file"), "content");
        Files.setPosixFilePermissions(src.resolve("sub/file"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(src.resolve("rel"), Path.of("sub/file"));
        Mounts.makeFifo(src.resolve("fifo"), 0600);
        Path dst = Files.createDirectories(tmp.resolve("dst"));

        extract(archive(src, "copy"), dst, UnaryOperator.identity());

        assertEquals("content", Files.readString(dst.resolve("copy/sub/file")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dst.resolve("copy/sub/file"))));
        assertEquals(Path.of("sub/file"), Files.readSymbolicLink(dst.resolve("copy/rel")));
        assertEquals(Mounts.S_IFIFO, (Integer) Files.getAttribute(dst.resolve("copy/fifo"), "unix:mode") & 0170000);
    }

    @Test
    void aDirectoryAndAFileNeverReplaceEachOther() throws Exception {
        Path dst = Files.createDirectories(tmp.resolve("dst/x"));
        Files.writeString(tmp.resolve("dst/y"), "file");
        IOException dirOverFile = assertThrows(IOException.class,
                () -> extract(tar(t -> entry(t, "y/", TarConstants.LF_DIR, null, null)), tmp.resolve("dst"), UnaryOperator.identity()));
        assertEquals("cannot overwrite non-directory \"y\" with directory \"/dst\"", dirOverFile.getMessage());
        IOException fileOverDir = assertThrows(IOException.class,
                () -> extract(tar(t -> entry(t, "x", TarConstants.LF_NORMAL, "data", null)), tmp.resolve("dst"), UnaryOperator.identity()));
        assertEquals("cannot overwrite directory \"x\" with non-directory \"/dst\"", fileOverDir.getMessage());
        assertTrue(Files.isDirectory(dst));
    }

    @Test
    void aFileReplacesAFileAndADirectoryMerges() throws Exception {
        Path dst = Files.createDirectories(tmp.resolve("dst/d"));
        Files.writeString(dst.resolve("kept"), "kept");
        Files.writeString(tmp.resolve("dst/f"), "old");
        extract(tar(t -> {
            entry(t, "d/", TarConstants.LF_DIR, null, null);
            entry(t, "d/new", TarConstants.LF_NORMAL, "new", null);
            entry(t, "f", TarConstants.LF_NORMAL, "replaced", null);
        }), tmp.resolve("dst"), UnaryOperator.identity());
        assertEquals("kept", Files.readString(dst.resolve("kept")));
        assertEquals("new", Files.readString(dst.resolve("new")));
        assertEquals("replaced", Files.readString(tmp.resolve("dst/f")));
    }

    @Test
    void namesThatLeaveTheDirectoryAreRefused() throws Exception {
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        IOException e = assertThrows(IOException.class,
                () -> extract(tar(t -> entry(t, "../escaped", TarConstants.LF_NORMAL, "x", null)), dst, UnaryOperator.identity()));
        assertEquals("invalid entry name \"../escaped\"", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("escaped")));
    }

    /**
     * An archive that plants a link to the host's directory and then writes through it writes
     * inside the destination, where the link resolves when the destination is the root.
     */
    @Test
    void linksInTheArchiveResolveInsideTheDestination() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        extract(tar(t -> {
            entry(t, "abs", TarConstants.LF_SYMLINK, null, host.toString());
            entry(t, "abs/planted", TarConstants.LF_NORMAL, "x", null);
            entry(t, "rel", TarConstants.LF_SYMLINK, null, "../../../../../../.." + host);
            entry(t, "rel/planted2", TarConstants.LF_NORMAL, "y", null);
            entry(t, "hard", TarConstants.LF_LINK, null, "abs/planted");
        }), dst, UnaryOperator.identity());
        try (var listing = Files.list(host)) {
            assertEquals(0, listing.count());
        }
        assertEquals("x", Files.readString(dst.resolve(host.toString().substring(1)).resolve("planted")));
        assertEquals("y", Files.readString(dst.resolve(host.toString().substring(1)).resolve("planted2")));
        assertEquals("x", Files.readString(dst.resolve("hard")));
    }

    @Test
    void renamingAppliesToNamesAndHardLinkTargets() throws Exception {
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        extract(tar(t -> {
            entry(t, "src/", TarConstants.LF_DIR, null, null);
            entry(t, "src/a", TarConstants.LF_NORMAL, "a", null);
            entry(t, "src/b", TarConstants.LF_LINK, null, "src/a");
        }), dst, Placement.rebase("src", "renamed"));
        assertEquals("a", Files.readString(dst.resolve("renamed/b")));
        assertFalse(Files.exists(dst.resolve("src"), LinkOption.NOFOLLOW_LINKS));
    }

    private byte[] archive(Path source, String top) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fd = Fds.open(source.toString(), Fds.O_PATH | Fds.O_CLOEXEC);
        try {
            TreeArchiver archiver = new TreeArchiver(TarBlocks.to(out));
            archiver.add(fd, top);
            archiver.finish();
        } finally {
            Fds.close(fd);
        }
        return out.toByteArray();
    }

    private void extract(byte[] tar, Path into, UnaryOperator<String> rename) throws IOException {
        try (RootedDir root = HostFiles.directory(into.toString())) {
            new TreeExtractor(root, "/" + into.getFileName(), new TreeExtractor.Ownership.Unpacker(), rename)
                    .extract(new ByteArrayInputStream(tar));
        }
    }

    interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tar(TarBody body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            body.write(tar);
        }
        return bytes.toByteArray();
    }

    private static void entry(TarArchiveOutputStream tar, String name, byte type, String content, String link) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode(type == TarConstants.LF_DIR ? 0755 : 0644);
        byte[] data = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        if (link != null) {
            e.setLinkName(link);
        }
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
