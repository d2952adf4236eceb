package io.jocker.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.KernelOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kernel operations, as root: mounts, device nodes, fifos and trusted xattrs. */
class LinuxKernelOpsTest {

    @TempDir
    Path dir;

    private final KernelOps kernel = new LinuxKernelOps();

    @Test
    void mountsAndUnmountsATmpfs() throws IOException {
        Path target = Files.createDirectories(dir.resolve("mnt"));
        kernel.mount("tmpfs", target, "tmpfs", KernelOps.MS_NOSUID, "size=1m");
        try {
            assertTrue(kernel.isMountPoint(target));
            Files.writeString(target.resolve("f"), "x");
        } finally {
            kernel.unmount(target, false);
        }
        assertFalse(kernel.isMountPoint(target));
        assertFalse(Files.exists(target.resolve("f")));
        IOException e = assertThrows(IOException.class, () -> kernel.unmount(target, false));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    }

    @Test
    void makesDevicesAndFifos() throws Exception {
        kernel.makeCharDevice(dir.resolve("whiteout"), 0, 0, 0);
        kernel.makeBlockDevice(dir.resolve("block"), 7, 0, 0600);
        kernel.makeFifo(dir.resolve("fifo"), 0644);

        assertEquals("character special file", fileType(dir.resolve("whiteout")));
        assertEquals("block special file", fileType(dir.resolve("block")));
        assertEquals("fifo", fileType(dir.resolve("fifo")));
        assertEquals(0L, Files.getAttribute(dir.resolve("whiteout"), "unix:rdev", LinkOption.NOFOLLOW_LINKS));
        assertEquals(7L << 8, Files.getAttribute(dir.resolve("block"), "unix:rdev", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void setsAndReadsTrustedXattrs() throws IOException {
        Path d = Files.createDirectories(dir.resolve("opaque"));
        assertTrue(kernel.getXattr(d, "trusted.overlay.opaque").isEmpty());
        kernel.setXattr(d, "trusted.overlay.opaque", new byte[] {'y'});
        assertArrayEquals(new byte[] {'y'}, kernel.getXattr(d, "trusted.overlay.opaque").orElseThrow());
    }

    private static String fileType(Path p) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%F", p.toString()).start();
        String out = new String(stat.getInputStream().readAllBytes()).trim();
        stat.waitFor();
        return out;
    }
}
