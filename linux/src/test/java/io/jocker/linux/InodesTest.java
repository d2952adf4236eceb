package io.jocker.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata of FIFOs, devices and links changed without opening them, and only regular files
 * opened; a FIFO that were opened would block the test, which the timeout turns into a failure.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InodesTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void needsRoot() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mknod and chown need root");
    }

    @Test
    void ownerModeAndTimesOfSpecialFilesAreSetWithoutOpeningThem() throws Exception {
        Fds.mkfifo(temp.resolve("p").toString(), 0600);
        Mounts.makeBlockDevice(temp.resolve("sda"), 8, 0, 0600);
        Mounts.makeCharDevice(temp.resolve("ptmx"), 5, 2, 0600);
        Instant time = Instant.parse("2020-02-03T04:05:06.123456789Z");

        for (String name : List.of("p", "sda", "ptmx")) {
            Path file = temp.resolve(name);
            Inodes.setOwner(file, 1000, 2000);
            assertTrue(Inodes.setMode(file, 04751));
            Inodes.setTimes(file, time.getEpochSecond(), time.getNano());

            assertEquals(1000, Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS), name);
            assertEquals(2000, Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS), name);
            assertEquals(04751, (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777, name);
            assertEquals(FileTime.from(time), Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS), name);
        }
    }

    @Test
    void aSymlinkKeepsItsTargetsMetadataAndHasNoModeOfItsOwn() throws Exception {
        Path target = Files.writeString(temp.resolve("target"), "x");
        Path link = Files.createSymbolicLink(temp.resolve("link"), target);
        int targetMode = (Integer) Files.getAttribute(target, "unix:mode") & 07777;

        Inodes.setOwner(link, 1000, 2000);
        assertFalse(Inodes.setMode(link, 0600));
        Inodes.setTimes(link, 0, 0);

        assertEquals(1000, Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, Files.getAttribute(target, "unix:uid"));
        assertEquals(targetMode, (Integer) Files.getAttribute(target, "unix:mode") & 07777);
        assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));
        assertFalse(FileTime.fromMillis(0).equals(Files.getLastModifiedTime(target)));
    }

    @Test
    void onlyRegularFilesAreOpened() throws Exception {
        Fds.mkfifo(temp.resolve("p").toString(), 0600);
        Mounts.makeBlockDevice(temp.resolve("sda"), 8, 0, 0600);
        Files.createSymbolicLink(temp.resolve("link"), Files.writeString(temp.resolve("f"), "content"));
        Files.createDirectory(temp.resolve("dir"));

        try (FileChannel regular = Inodes.openRegular(temp.resolve("f"))) {
            assertEquals(7, regular.size());
        }
        for (String name : List.of("p", "sda", "link", "dir")) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> Inodes.openRegular(temp.resolve(name)));
            assertEquals(temp.resolve(name) + ": not a regular file", e.getMessage());
        }
        LinuxException missing = assertThrows(LinuxException.class, () -> Inodes.openRegular(temp.resolve("missing")));
        assertEquals(Errno.ENOENT, missing.errno());
    }
}
