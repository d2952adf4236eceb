package io.jocker.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openat2's confinement, the *at calls and detached mount trees, on the real kernel; needs root. */
class RootedCallsTest {

    @TempDir Path temp;

    @BeforeAll
    static void needsRoot() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "open_tree needs CAP_SYS_ADMIN: run as root");
    }

    @AfterEach
    void nothingIsMounted() throws Exception {
        assertEquals(List.of(), MountInfo.mountsUnder(temp), "a detached tree showed up in the mount table");
    }

    @Test
    void inRootKeepsAbsoluteLinksAndDotDotInside() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root/etc"));
        Files.writeString(root.resolve("passwd"), "inside");
        Files.createSymbolicLink(temp.resolve("root/abs"), Path.of("/etc"));
        Files.createSymbolicLink(temp.resolve("root/up"), Path.of("../../../../../etc"));
        int dir = Fds.open(temp.resolve("root").toString(), Fds.O_PATH);
        try {
            for (String path : List.of("/abs/passwd", "up/passwd", "../../etc/passwd", "/etc/../../etc/passwd")) {
                int fd = Openat2.open(dir, path, Fds.O_RDONLY, 0, Openat2.IN_ROOT);
                try {
                    assertEquals("inside", Files.readString(Path.of("/proc/self/fd/" + fd)), path);
                } finally {
                    Fds.close(fd);
                }
            }
            LinuxException magic = assertThrows(LinuxException.class,
                    () -> Openat2.open(dir, "/proc/self/root/etc", Fds.O_PATH, 0, Openat2.IN_ROOT));
            assertEquals(Errno.ENOENT, magic.errno());
        } finally {
            Fds.close(dir);
        }
    }

    @Test
    void noMagicLinksRefusesProcLinks() throws Exception {
        int dir = Fds.open("/", Fds.O_PATH);
        try {
            LinuxException e = assertThrows(LinuxException.class,
                    () -> Openat2.open(dir, "proc/self/root/etc", Fds.O_PATH, 0, Openat2.IN_ROOT));
            assertEquals(Errno.ELOOP, e.errno());
        } finally {
            Fds.close(dir);
        }
    }

    @Test
    void atCallsActOnTheNameNeverOnALinksTarget() throws Exception {
        Path outside = Files.writeString(temp.resolve("outside"), "x");
        Files.setPosixFilePermissions(outside, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path dir = Files.createDirectories(temp.resolve("dir"));
        Files.createSymbolicLink(dir.resolve("link"), outside);
        int fd = Fds.open(dir.toString(), Fds.O_PATH);
        try {
            AtFiles.chown(fd, "link", 1234, 1234);
            assertEquals(0, (Integer) Files.getAttribute(outside, "unix:uid"));
            assertEquals(1234, AtFiles.stat(fd, "link").uid());
            assertTrue(AtFiles.stat(fd, "link").isSymbolicLink());
            int link = AtFiles.openPath(fd, "link");
            try {
                assertEquals(outside.toString(), AtFiles.readLink(link));
            } finally {
                Fds.close(link);
            }
            AtFiles.mkdir(fd, "sub", 0700);
            AtFiles.mknod(fd, "fifo", FileStat.S_IFIFO | 0600, 0, 0);
            assertEquals(List.of("fifo", "link", "sub"), AtFiles.list(fd).stream().sorted().toList());
            assertEquals(FileStat.S_IFIFO, AtFiles.stat(fd, "fifo").type());
            assertThrows(LinuxException.class, () -> AtFiles.open(fd, "link", Fds.O_RDONLY, 0));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)));
        } finally {
            Fds.close(fd);
        }
    }

    @Test
    void aDetachedTreeTakesOtherTreesAndReadOnlyAndLeavesNothing() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root"));
        Files.createDirectories(root.resolve("mnt"));
        Path volume = Files.createDirectories(temp.resolve("volume"));
        Files.writeString(volume.resolve("file"), "volume");
        int rootDir = Fds.open(root.toString(), Fds.O_PATH);
        int volumeDir = Fds.open(volume.toString(), Fds.O_PATH);
        int tree = MountTrees.cloneTree(rootDir, false);
        int volumeTree = MountTrees.cloneTree(volumeDir, false);
        try {
            MountTrees.makeReadOnly(volumeTree, true);
            int target = Openat2.open(tree, "mnt", Fds.O_PATH, 0, Openat2.IN_ROOT);
            MountTrees.attach(volumeTree, target);
            Fds.close(target);
            int file = Openat2.open(tree, "/mnt/file", Fds.O_RDONLY, 0, Openat2.IN_ROOT);
            assertEquals("volume", Files.readString(Path.of("/proc/self/fd/" + file)));
            Fds.close(file);
            LinuxException readOnly = assertThrows(LinuxException.class,
                    () -> Openat2.open(tree, "/mnt/new", Fds.O_WRONLY | Fds.O_CREAT, 0644, Openat2.IN_ROOT));
            assertEquals(Errno.EROFS, readOnly.errno());
            assertEquals(List.of(), MountInfo.mountsUnder(temp));
        } finally {
            Fds.close(volumeTree);
            Fds.close(tree);
            Fds.close(volumeDir);
            Fds.close(rootDir);
        }
    }
}
