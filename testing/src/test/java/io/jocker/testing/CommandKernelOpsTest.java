package io.jocker.testing;

import io.jocker.linux.MountInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.KernelOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test stand-in against the real kernel (needs root). */
class CommandKernelOpsTest {

    @TempDir
    Path temp;

    private final KernelOps kernel = new CommandKernelOps();

    @Test
    void mountsReadOnlyBindsAndUnmounts() throws IOException {
        Path source = Files.createDirectory(temp.resolve("source"));
        Path target = Files.createDirectory(temp.resolve("target with space"));
        Files.writeString(source.resolve("f"), "x");
        try {
            kernel.mount(source.toString(), target, null, KernelOps.MS_BIND, null);
            assertTrue(kernel.isMountPoint(target));
            kernel.mount("none", target, null, KernelOps.MS_REMOUNT | KernelOps.MS_BIND | KernelOps.MS_RDONLY, null);
            assertEquals("x", Files.readString(target.resolve("f")));
            assertThrows(IOException.class, () -> Files.writeString(target.resolve("g"), "y"));
        } finally {
            kernel.unmount(target, false);
        }
        assertFalse(kernel.isMountPoint(target));
        assertThrows(IOException.class, () -> kernel.unmount(target, true));
        assertEquals(List.of(), MountInfo.mountsUnder(temp));
    }

    @Test
    void makesDevicesFifosAndXattrs() throws IOException {
        Path device = temp.resolve("wh");
        kernel.makeCharDevice(device, 0, 0, 0);
        assertEquals(0L, Files.getAttribute(device, "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS));
        kernel.makeBlockDevice(temp.resolve("blk"), 7, 0, 0600);
        assertEquals(0x700L, Files.getAttribute(temp.resolve("blk"), "unix:rdev"));
        kernel.makeFifo(temp.resolve("fifo"), 0644);
        int fifoType = (Integer) Files.getAttribute(temp.resolve("fifo"), "unix:mode") & 0170000;
        assertEquals(0010000, fifoType, "S_IFIFO");

        Path dir = Files.createDirectory(temp.resolve("dir"));
        assertEquals(Optional.empty(), kernel.getXattr(dir, "trusted.overlay.opaque"));
        kernel.setXattr(dir, "trusted.overlay.opaque", new byte[] {'y'});
        assertArrayEquals(new byte[] {'y'}, kernel.getXattr(dir, "trusted.overlay.opaque").orElseThrow());
    }
}
