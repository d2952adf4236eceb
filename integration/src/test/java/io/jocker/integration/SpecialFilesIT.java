package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/**
 * Images holding a FIFO, a socket, character devices 1:3, 5:0 and 5:2, a block device 8:0 and a
 * hard link to each, through import, run, commit, save, load and export, and through skopeo and
 * umoci (Debian packages; {@code .ci/run} installs them). Nothing may open them: a FIFO without
 * a writer blocks whoever opens it, and 8:0 is a disk this machine does not have.
 */
class SpecialFilesIT extends ContainerFixture {

    /** What {@code stat} shows of /specials: name, type, major:minor in hex, links. */
    private static final List<String> SPECIALS = List.of(
            "null character special file 1:3 2", "null.link character special file 1:3 2",
            "p fifo 0:0 2", "p.link fifo 0:0 2",
            "ptmx character special file 5:2 2", "ptmx.link character special file 5:2 2",
            "sda block special file 8:0 2", "sda.link block special file 8:0 2",
            "tty character special file 5:0 2", "tty.link character special file 5:0 2");
    private static final String MAKE_SPECIALS = "mkdir /specials && cd /specials && mkfifo -m 640 p && ln p p.link"
            + " && mknod null c 1 3 && ln null null.link && mknod tty c 5 0 && ln tty tty.link"
            + " && mknod ptmx c 5 2 && ln ptmx ptmx.link && mknod sda b 8 0 && ln sda sda.link";

    @Test
    void anImportedImageWithSpecialFilesRunsSavesAndLoads() throws Exception {
        Path tar = tmp.resolve("specials.tar");
        writeBusyboxWithSpecials(tar);

        assertOk(jocker.run("import", tar.toString(), "specials"));

        assertSpecials("specials");
        Path saved = tmp.resolve("saved.tar");
        assertOk(jocker.run("save", "-o", saved.toString(), "specials"));
        assertOk(jocker.run("rmi", "specials"));
        assertEquals("Loaded image: specials:latest\n", jocker.run("load", "-i", saved.toString()).stdout());
        assertSpecials("specials");
    }

    @Test
    void aContainerThatMadeSpecialFilesIsCommittedExportedAndMovedThroughSkopeoAndUmoci() throws Exception {
        assertOk(jocker.run("run", "--name", "maker", "busybox", "sh", "-c", MAKE_SPECIALS));
        String id = jocker.run("ps", "-aq", "--no-trunc").stdout().trim();
        // busybox cannot make a Unix socket outside /dev (a mount of its own), so one is made in
        // the container's writable layer from here, as a program in the container would make it;
        // bound under a short path first, since a socket's path is limited to 108 bytes.
        Path upper = jocker.root().resolve("overlay/containers").resolve(id).resolve("upper/specials");
        Path shortDir = Files.createTempDirectory(Path.of("/tmp"), "js");
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(shortDir.resolve("s")));
            Files.move(shortDir.resolve("s"), upper.resolve("socket"));
        } finally {
            Files.delete(shortDir);
        }

        assertOk(jocker.run("commit", "maker", "made"));
        Path exported = tmp.resolve("exported.tar");
        assertOk(jocker.run("export", "-o", exported.toString(), "maker"));

        Map<String, TarArchiveEntry> entries = headers(exported);
        assertFalse(entries.containsKey("specials/socket"), "a socket is left out, as Docker leaves it out");
        assertEquals(TarConstants.LF_FIFO, entries.get("specials/p").getLinkFlag());
        assertEquals("specials/p", entries.get("specials/p.link").getLinkName());
        assertTrue(entries.get("specials/sda").isBlockDevice());
        assertEquals(List.of(8, 0), List.of(entries.get("specials/sda").getDevMajor(), entries.get("specials/sda").getDevMinor()));
        assertEquals(List.of(5, 2), List.of(entries.get("specials/ptmx").getDevMajor(), entries.get("specials/ptmx").getDevMinor()));
        assertSpecials("made");

        Path saved = tmp.resolve("saved.tar");
        assertOk(jocker.run("save", "-o", saved.toString(), "made"));
        assertOk(jocker.run("rmi", "made"));
        assertEquals("Loaded image: made:latest\n", jocker.run("load", "-i", saved.toString()).stdout());
        assertSpecials("made");

        Path oci = tmp.resolve("oci");
        assertTool(tool("skopeo", "copy", "-q", "docker-archive:" + saved + ":made:latest", "oci:" + oci + ":made"));
        Path bundle = tmp.resolve("bundle");
        assertTool(tool("umoci", "unpack", "--image", oci + ":made", bundle.toString()));
        Path specials = bundle.resolve("rootfs/specials");
        assertEquals("fifo", fileType(specials.resolve("p")));
        assertEquals("block special file", fileType(specials.resolve("sda")));
        assertEquals(Files.getAttribute(specials.resolve("sda"), "unix:ino", LinkOption.NOFOLLOW_LINKS),
                Files.getAttribute(specials.resolve("sda.link"), "unix:ino", LinkOption.NOFOLLOW_LINKS));
        // A layer written by umoci (Go's archive/tar) with a FIFO and a device of its own.
        assertTool(tool("mkfifo", specials.resolve("q").toString()));
        assertTool(tool("mknod", specials.resolve("zero").toString(), "c", "1", "5"));
        assertTool(tool("umoci", "repack", "--image", oci + ":again", bundle.toString()));
        Path fromUmoci = tmp.resolve("umoci.tar");
        assertTool(tool("skopeo", "copy", "-q", "oci:" + oci + ":again", "docker-archive:" + fromUmoci + ":again:v1"));
        assertEquals("Loaded image: again:v1\n", jocker.run("load", "-i", fromUmoci.toString()).stdout());
        Result stat = jocker.run("run", "--rm", "again:v1", "stat", "-c", "%n %F %t:%T", "/specials/q", "/specials/zero");
        assertOk(stat);
        assertEquals("/specials/q fifo 0:0\n/specials/zero character special file 1:5\n", stat.stdout());
    }

    /** Runs {@code image} and checks /specials from inside the container. */
    private void assertSpecials(String image) throws Exception {
        Result stat = jocker.run("run", "--rm", image, "sh", "-c", "cd /specials && stat -c '%n %F %t:%T %h' *");
        assertOk(stat);
        assertEquals(SPECIALS, stat.stdout().lines().toList(), stat::toString);
    }

    /** The busybox root file system with /specials as {@link #MAKE_SPECIALS} makes it, and debootstrap's /dev/ptmx. */
    private static void writeBusyboxWithSpecials(Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(BusyboxRootfs.tar());
                TarArchiveInputStream busybox = new TarArchiveInputStream(in);
                OutputStream out = Files.newOutputStream(tar);
                TarArchiveOutputStream writer = new TarArchiveOutputStream(out)) {
            for (TarArchiveEntry entry = busybox.getNextEntry(); entry != null; entry = busybox.getNextEntry()) {
                writer.putArchiveEntry(entry);
                busybox.transferTo(writer);
                writer.closeArchiveEntry();
            }
            add(writer, new TarArchiveEntry("specials/", TarConstants.LF_DIR), 0755);
            linkedSpecial(writer, "specials/p", TarConstants.LF_FIFO, 0, 0, 0640);
            linkedSpecial(writer, "specials/null", TarConstants.LF_CHR, 1, 3, 0666);
            linkedSpecial(writer, "specials/tty", TarConstants.LF_CHR, 5, 0, 0666);
            linkedSpecial(writer, "specials/ptmx", TarConstants.LF_CHR, 5, 2, 0666);
            linkedSpecial(writer, "specials/sda", TarConstants.LF_BLK, 8, 0, 0660);
            add(writer, special("dev/ptmx", TarConstants.LF_CHR, 5, 2), 0666);
        }
    }

    /** A FIFO or a device, and a hard link to it named {@code NAME.link}. */
    private static void linkedSpecial(TarArchiveOutputStream writer, String name, byte type, int major, int minor, int mode)
            throws IOException {
        add(writer, special(name, type, major, minor), mode);
        TarArchiveEntry link = new TarArchiveEntry(name + ".link", TarConstants.LF_LINK);
        link.setLinkName(name);
        add(writer, link, mode);
    }

    private static TarArchiveEntry special(String name, byte type, int major, int minor) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setDevMajor(major);
        entry.setDevMinor(minor);
        return entry;
    }

    private static void add(TarArchiveOutputStream writer, TarArchiveEntry entry, int mode) throws IOException {
        entry.setMode(mode);
        writer.putArchiveEntry(entry);
        writer.closeArchiveEntry();
    }

    private static Map<String, TarArchiveEntry> headers(Path tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream reader = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = reader.getNextEntry(); e != null; e = reader.getNextEntry()) {
                entries.put(e.getName(), e);
            }
        }
        return entries;
    }

    private static String fileType(Path file) throws Exception {
        Result stat = tool("stat", "-c", "%F", file.toString());
        assertTool(stat);
        return stat.stdout().trim();
    }

    private static Result tool(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out, err);
    }

    private static void assertTool(Result r) {
        assertEquals(0, r.exitCode(), r::toString);
    }
}
