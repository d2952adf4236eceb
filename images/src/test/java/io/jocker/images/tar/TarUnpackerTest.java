package io.jocker.images.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.jocker.images.DirectoryStorageDriver;
import io.jocker.images.Tars;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What unpacking keeps: modes with set-id and sticky bits, ownership, mtimes, links, devices, fifos, whiteouts. */
class TarUnpackerTest {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path temp;

    /** These tests look at the files only; TarSplitTest covers what the log is told. */
    private static final TarUnpacker.ContentLog NO_LOG = new TarUnpacker.ContentLog() {
        @Override
        public void contentStarts() {}

        @Override
        public void contentEnds(String relativePath) {}

        @Override
        public void removing(String relativePath) {}
    };

    private final KernelOps kernel = mock(KernelOps.class);
    private DirectoryStorageDriver driver;
    private Path layer;

    @BeforeEach
    void createLayer() throws Exception {
        driver = new DirectoryStorageDriver(temp);
        layer = driver.createLayer("sha256:" + "1".repeat(64));
        // The mock stands in for mknod: it leaves a file for the unpacker to set metadata on.
        doAnswer(call -> Files.createFile(call.getArgument(0))).when(kernel).makeCharDevice(any(), anyInt(), anyInt(), anyInt());
        doAnswer(call -> Files.createFile(call.getArgument(0))).when(kernel).makeBlockDevice(any(), anyInt(), anyInt(), anyInt());
        doAnswer(call -> Files.createFile(call.getArgument(0))).when(kernel).makeFifo(any(), anyInt());
    }

    private void unpack(byte[] tar) throws Exception {
        new TarUnpacker(driver, kernel).unpack(new ByteArrayInputStream(tar), layer, NO_LOG, TarUnpacker.copying());
    }

    @Test
    void keepsModesOwnershipAndMtimes() throws Exception {
        unpack(new Tars().dir("tmp/", 01777).dir("bin/", 0755).file("bin/su", "su", 04755, 0, 0)
                .file("home/user/f", "f", 0640, 1000, 2000).dir("home/user/", 0700).bytes());

        assertEquals(01777, mode("tmp"));
        assertEquals(04755, mode("bin/su"));
        assertEquals(0640, mode("home/user/f"));
        assertEquals(0700, mode("home/user"));
        assertEquals(1000, Files.getAttribute(layer.resolve("home/user/f"), "unix:uid"));
        assertEquals(2000, Files.getAttribute(layer.resolve("home/user/f"), "unix:gid"));
        FileTime mtime = FileTime.from(Tars.MTIME);
        for (String path : List.of("tmp", "bin", "bin/su", "home/user", "home/user/f")) {
            assertEquals(mtime, Files.getLastModifiedTime(layer.resolve(path), NOFOLLOW), path);
        }
        assertEquals(0755, mode("home"), "implicit parents are created 0755");
    }

    @Test
    void keepsSymlinksAndHardLinks() throws Exception {
        unpack(new Tars().file("bin/busybox", "bb", 0755, 0, 0).symlink("bin/sh", "busybox")
                .symlink("bin/abs", "/bin/busybox").hardlink("bin/ls", "bin/busybox").hardlink("bin/ln", "/bin/busybox")
                .bytes());

        assertEquals(Path.of("busybox"), Files.readSymbolicLink(layer.resolve("bin/sh")));
        assertEquals(Path.of("/bin/busybox"), Files.readSymbolicLink(layer.resolve("bin/abs")));
        assertEquals(FileTime.from(Tars.MTIME), Files.getLastModifiedTime(layer.resolve("bin/sh"), NOFOLLOW));
        Object inode = Files.getAttribute(layer.resolve("bin/busybox"), "unix:ino");
        assertEquals(inode, Files.getAttribute(layer.resolve("bin/ls"), "unix:ino"));
        assertEquals(inode, Files.getAttribute(layer.resolve("bin/ln"), "unix:ino"));
        assertEquals(3, Files.getAttribute(layer.resolve("bin/busybox"), "unix:nlink"));
    }

    @Test
    void devicesAndFifosGoThroughKernelOps() throws Exception {
        unpack(new Tars().device("dev/null", TarConstants.LF_CHR, 1, 3).device("dev/sda", TarConstants.LF_BLK, 8, 0)
                .device("run/fifo", TarConstants.LF_FIFO, 0, 0).bytes());

        verify(kernel).makeCharDevice(layer.resolve("dev/null"), 1, 3, 0660);
        verify(kernel).makeBlockDevice(layer.resolve("dev/sda"), 8, 0, 0660);
        verify(kernel).makeFifo(layer.resolve("run/fifo"), 0660);
    }

    @Test
    void ociWhiteoutsGoToTheDriverAndAufsBookkeepingIsSkipped() throws Exception {
        unpack(new Tars().dir("etc/", 0755).file("etc/.wh.passwd", "").file(".wh.top", "")
                .dir("var/", 0755).file("var/.wh..wh..opq", "").file(".wh..wh..opq", "")
                .file(".wh..wh.plnk", "").file("a/b/.wh.c", "").bytes());

        assertEquals(List.of("etc/passwd", "top", "a/b/c"), driver.whiteouts);
        assertEquals(List.of("var"), driver.opaques);
        assertFalse(Files.exists(layer.resolve(".wh..wh.plnk"), NOFOLLOW));
        assertFalse(Files.exists(layer.resolve("etc/.wh.passwd"), NOFOLLOW));
        assertTrue(Files.isDirectory(layer.resolve("a/b")));
    }

    @Test
    void laterEntriesReplaceEarlierOnesAsTarDoes() throws Exception {
        unpack(new Tars().file("x", "first").file("x", "second").dir("d/", 0700).file("d/f", "f").file("d", "file now")
                .dir("e/", 0700).dir("e/", 0755).bytes());

        assertEquals("second", Files.readString(layer.resolve("x")));
        assertEquals("file now", Files.readString(layer.resolve("d")));
        assertEquals(0755, mode("e"));
    }

    private int mode(String path) throws Exception {
        return (Integer) Files.getAttribute(layer.resolve(path), "unix:mode", NOFOLLOW) & 07777;
    }
}
