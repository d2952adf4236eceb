package io.jocker.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.images.tar.LayerTarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer tars written from real files: types, metadata, hard links, whiteouts, and determinism. */
class LayerTarWriterTest {

    @TempDir
    Path dir;

    private byte[] write(Path root, String... relative) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LayerTarWriter tar = new LayerTarWriter(out)) {
            for (String path : relative) {
                tar.add(path, root.resolve(path));
            }
            tar.addWhiteout("etc/passwd");
            tar.addWhiteout("gone");
            tar.addOpaque("etc");
            tar.finish();
        }
        return out.toByteArray();
    }

    private static List<TarArchiveEntry> read(byte[] tar, List<String> contents) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e);
                contents.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    void filesKeepTypeModeOwnerAndWholeSecondTimesAndDeletionsBecomeOciWhiteouts() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/motd"), "hello\n");
        // chown clears set-id bits, so ownership first
        Files.setAttribute(root.resolve("etc/motd"), "unix:uid", 1000);
        Files.setAttribute(root.resolve("etc/motd"), "unix:mode", 04755);
        Files.setLastModifiedTime(root.resolve("etc/motd"), FileTime.fromMillis(1_600_000_000_123L));
        Files.createLink(root.resolve("etc/motd2"), root.resolve("etc/motd"));
        Files.createSymbolicLink(root.resolve("etc/link"), Path.of("/etc/../../host"));
        List<String> contents = new ArrayList<>();

        byte[] tar = write(root, "etc", "etc/link", "etc/motd", "etc/motd2");
        List<TarArchiveEntry> entries = read(tar, contents);

        assertEquals(List.of("etc/", "etc/link", "etc/motd", "etc/motd2", "etc/.wh.passwd", ".wh.gone", "etc/.wh..wh..opq"),
                entries.stream().map(TarArchiveEntry::getName).toList());
        assertTrue(entries.get(0).isDirectory());
        assertTrue(entries.get(1).isSymbolicLink());
        assertEquals("/etc/../../host", entries.get(1).getLinkName(), "links are stored, never followed");
        TarArchiveEntry motd = entries.get(2);
        assertEquals("hello\n", contents.get(2));
        assertEquals(04755, motd.getMode() & 07777);
        assertEquals(1000, motd.getLongUserId());
        assertEquals(1_600_000_000_000L, motd.getModTime().getTime());
        assertTrue(entries.get(3).isLink(), "a second name of the same file is a hard link");
        assertEquals("etc/motd", entries.get(3).getLinkName());
        assertEquals(0, entries.get(4).getSize());
        assertEquals(tar.length, write(root, "etc", "etc/link", "etc/motd", "etc/motd2").length);
        assertEquals(Digests.of(tar), Digests.of(write(root, "etc", "etc/link", "etc/motd", "etc/motd2")),
                "the same files give the same bytes, so the same diff id");
    }

    @Test
    void anEmptyLayerIsDockersEmptyTar() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LayerTarWriter tar = new LayerTarWriter(out)) {
            tar.finish();
        }
        assertEquals(1024, out.size());
        assertEquals(LayerTarWriter.EMPTY_TAR_DIGEST, Digests.of(out.toByteArray()));
    }

    @Test
    void archiveNamesNeverResolveOutsideTheArchive() throws Exception {
        assertEquals("a/c", ArchiveFiles.normalize("./a/b/../c/", ""));
        assertEquals("x/y", ArchiveFiles.normalize("../y", "x/z"));
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> ArchiveFiles.normalize("a/../../etc/passwd", ""));
        assertTrue(e.getMessage().contains("points outside the archive"), e.getMessage());
        byte[] loop = new Tars().symlink("a", "b").symlink("b", "a").hardlink("h", "real").file("real", "x").bytes();
        Path archive = Files.write(dir.resolve("loop.tar"), loop);
        try (ArchiveFiles extracted = ArchiveFiles.extract(new ByteArrayInputStream(loop), Files.createDirectories(dir.resolve("x")));
                ArchiveFiles inPlace = ArchiveFiles.inPlace(archive)) {
            for (ArchiveFiles files : List.of(extracted, inPlace)) {
                assertEquals("x", read(files.file("h")));
                assertEquals("x", read(files.file("./real")));
                InvalidArchiveException cycle = assertThrows(InvalidArchiveException.class, () -> files.file("a"));
                assertTrue(cycle.getMessage().contains("too many links"), cycle.getMessage());
            }
        }
        try (var extracted = Files.list(dir.resolve("x"))) {
            assertEquals(List.of("0"), extracted.map(p -> p.getFileName().toString()).toList(),
                    "extracted files get numbered names, never archive names");
        }
    }

    private static String read(ArchiveFiles.ArchiveFile file) throws IOException {
        try (var in = file.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
