package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code jocker cp} end to end, both ways, with stopped and running containers, tar streams, and
 * a container whose file system is hostile: symbolic links to / and to host paths, {@code ..}
 * and special files that must never be opened.
 */
class CpIT extends ContainerFixture {

    /** A container that made links leading out of its root, had it resolved them on the host, and a FIFO. */
    private static final String HOSTILE = "ln -s / /root-link && ln -s /etc /etc-link && ln -s ../../../../../tmp /up-link"
            + " && echo container > /etc/os-release && mkdir /box && mkfifo /box/fifo && echo inside > /box/file && ln -s /box/file /box/abs";

    @Test
    void copiesFilesAndDirectoriesBothWaysWithAStoppedContainer() throws Exception {
        assertOk(jocker.run("create", "--name", "c", "busybox", "cat", "/dest/in.txt", "/dest/nested"));
        Path in = Files.writeString(tmp.resolve("in.txt"), "from the host\n");
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("nested"), "nested\n");

        Result noDirectory = jocker.run("cp", in.toString(), "c:/dest/");
        assertEquals(1, noDirectory.exitCode(), noDirectory::toString);
        assertEquals("jocker: no such directory\n", noDirectory.stderr());
        Result noParent = jocker.run("cp", in.toString(), "c:/dest/in.txt");
        assertEquals("jocker: Could not find the file /dest in container c\n", noParent.stderr());

        assertOk(jocker.run("cp", dir.toString(), "c:/dest"));
        assertOk(jocker.run("cp", in.toString(), "c:/dest/"));
        Result started = jocker.run("start", "-a", "c");
        assertEquals("from the host\nnested\n", started.stdout(), started::toString);

        Path out = tmp.resolve("out");
        assertOk(jocker.run("cp", "c:/dest", out.toString()));
        assertEquals("from the host\n", Files.readString(out.resolve("in.txt")));
        assertEquals("nested\n", Files.readString(out.resolve("nested")));
        assertOk(jocker.run("cp", "c:/dest/.", out.resolve("content").toString()));
        assertTrue(Files.isRegularFile(out.resolve("content/in.txt")));
        assertEquals(0, rootfsMounts(), "a stopped container's root file system stays unmounted");
    }

    @Test
    void copiesWithARunningContainerAndItsVolumes() throws Exception {
        Path volume = Files.createDirectories(tmp.resolve("volume"));
        String id = detached("-v", volume + ":/data", "busybox", "sh", "-c", "echo running > /tmp/r; exec sleep 600");
        assertOk(jocker.run("exec", id, "sh", "-c", "until [ -f /tmp/r ]; do sleep 0.1; done"));
        Path out = tmp.resolve("r");
        assertOk(jocker.run("cp", id + ":/tmp/r", out.toString()));
        assertEquals("running\n", Files.readString(out));

        assertOk(jocker.run("cp", out.toString(), id + ":/data/copied"));
        assertEquals("running\n", Files.readString(volume.resolve("copied")));
        Result seen = jocker.run("exec", id, "cat", "/data/copied");
        assertEquals("running\n", seen.stdout(), seen::toString);
    }

    @Test
    void streamsATarOutAndIn() throws Exception {
        assertOk(jocker.run("create", "--name", "c", "busybox", "cat", "/tmp/streamed"));
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            byte[] content = "streamed\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("streamed");
            entry.setSize(content.length);
            entry.setUserId(1234);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
        }
        Path tarFile = Files.write(tmp.resolve("in.tar"), tar.toByteArray());
        assertOk(jocker.runWithInput(tarFile, "cp", "-", "c:/tmp"));

        Result archived = jocker.run("cp", "c:/tmp/streamed", "-");
        assertOk(archived);
        List<String> entries = entries(ascii(archived.stdout()));
        assertEquals(List.of("streamed 1234"), entries);
        assertEquals("streamed\n", jocker.run("start", "-a", "c").stdout());

        Result notADirectory = jocker.runWithInput(tarFile, "cp", "-", "c:/tmp/streamed");
        assertEquals(1, notADirectory.exitCode(), notADirectory::toString);
        assertEquals("jocker: destination \"c:/tmp/streamed\" must be a directory\n", notADirectory.stderr());
    }

    @Test
    void linksInTheContainerNeverLeadOutOfItsRoot() throws Exception {
        assertOk(jocker.run("run", "--name", "hostile", "busybox", "sh", "-c", HOSTILE));
        Path marker = Files.writeString(tmp.resolve("marker"), "written\n");
        String hostName = "jocker-cp-it-" + ProcessHandle.current().pid();
        Path onHost = Path.of("/tmp", hostName);
        Files.deleteIfExists(onHost);
        try {
            // Each of these would write /tmp/NAME on the host if the links were followed there.
            assertOk(jocker.run("cp", marker.toString(), "hostile:/root-link/tmp/" + hostName));
            assertOk(jocker.run("cp", marker.toString(), "hostile:/up-link/" + hostName + ".up"));
            assertOk(jocker.run("cp", marker.toString(), "hostile:/../../../../tmp/" + hostName + ".dots"));
            assertFalse(Files.exists(onHost, LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(Path.of("/tmp", hostName + ".up"), LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(Path.of("/tmp", hostName + ".dots"), LinkOption.NOFOLLOW_LINKS));
        } finally {
            Files.deleteIfExists(onHost);
            Files.deleteIfExists(Path.of("/tmp", hostName + ".up"));
            Files.deleteIfExists(Path.of("/tmp", hostName + ".dots"));
        }
        // The copies landed in the container's own /tmp.
        Path out = tmp.resolve("tmp-out");
        assertOk(jocker.run("cp", "hostile:/tmp/.", out.toString()));
        assertEquals(List.of(hostName, hostName + ".dots", hostName + ".up"), sorted(out));

        // Reading through links: the container's /etc, never the host's, which has an os-release too.
        Path release = tmp.resolve("os-release");
        assertOk(jocker.run("cp", "hostile:/etc-link/os-release", release.toString()));
        assertEquals("container\n", Files.readString(release));
        assertOk(jocker.run("cp", "hostile:/root-link/etc/../../etc/os-release", release.toString()));
        assertEquals("container\n", Files.readString(release));
        assertOk(jocker.run("cp", "-L", "hostile:/box/abs", tmp.resolve("followed").toString()));
        assertEquals("inside\n", Files.readString(tmp.resolve("followed")));
        assertOk(jocker.run("cp", "hostile:/box/abs", tmp.resolve("kept").toString()));
        assertEquals("/box/file", Files.readSymbolicLink(tmp.resolve("kept")).toString());
    }

    @Test
    void aFifoIsCopiedAsAFifoWithoutBeingOpened() throws Exception {
        assertOk(jocker.run("run", "--name", "hostile", "busybox", "sh", "-c", HOSTILE));
        Path out = tmp.resolve("box");
        // Opening the FIFO would block for ever: it has no writer.
        assertOk(jocker.run("cp", "hostile:/box", out.toString()));
        assertEquals("fifo", type(out.resolve("fifo")));
        assertEquals("inside\n", Files.readString(out.resolve("file")));
        Result archived = jocker.run("cp", "hostile:/box/fifo", "-");
        assertOk(archived);
        assertEquals(List.of("fifo 0"), entries(ascii(archived.stdout())));
    }

    @Test
    void refusesWhatDockerRefuses() throws Exception {
        assertOk(jocker.run("create", "--name", "c", "busybox", "true"));
        Result missing = jocker.run("cp", "c:/nope", tmp.resolve("x").toString());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertEquals("jocker: Could not find the file /nope in container c\n", missing.stderr());
        Result noContainer = jocker.run("cp", "ghost:/etc", tmp.toString());
        assertEquals(1, noContainer.exitCode());
        assertEquals("jocker: No such container: ghost\n", noContainer.stderr());
        Result both = jocker.run("cp", "c:/a", "c:/b");
        assertEquals("jocker: copying between containers is not supported\n", both.stderr());
        Result none = jocker.run("cp", "a", "b");
        assertEquals("jocker: must specify at least one container source\n", none.stderr());
        assertEquals(0, rootfsMounts());
    }

    private long rootfsMounts() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(jocker.root().toString())).count();
    }

    private static List<String> sorted(Path dir) throws Exception {
        try (var names = Files.list(dir)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String type(Path path) throws Exception {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0010000 ? "fifo" : Integer.toOctalString(mode);
    }

    /** The bytes of an archive read as text: these archives hold ASCII only, so nothing is lost. */
    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Each entry's name and owner. */
    private static List<String> entries(byte[] tar) throws Exception {
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName() + " " + e.getLongUserId());
            }
        }
        return entries;
    }
}
