package io.jocker.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.KernelOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordingKernelOpsTest {

    private final RecordingKernelOps kernel = new RecordingKernelOps();
    private final Path target = Path.of("/nonexistent/mnt");

    @Test
    void recordsCallsAndTracksMountsLikeTheKernel() throws IOException {
        assertThrows(IOException.class, () -> kernel.mount("none", target, "aufs", KernelOps.MS_REMOUNT, "append:/x"));
        kernel.mount("none", target, "aufs", 0, "br:/rw=rw");
        kernel.mount("none", target, "aufs", KernelOps.MS_REMOUNT, "append:/x=ro+wh");
        assertTrue(kernel.isMountPoint(target));
        assertEquals(Set.of(target), kernel.mounted());
        kernel.unmount(target, false);
        assertFalse(kernel.isMountPoint(target));
        assertThrows(IOException.class, () -> kernel.unmount(target, false));

        assertEquals(List.of(
                new RecordingKernelOps.Call("mount", List.of("none", "/nonexistent/mnt", "aufs", "32", "append:/x")),
                new RecordingKernelOps.Call("mount", List.of("none", "/nonexistent/mnt", "aufs", "0", "br:/rw=rw")),
                new RecordingKernelOps.Call("mount", List.of("none", "/nonexistent/mnt", "aufs", "32", "append:/x=ro+wh"))),
                kernel.calls("mount"));
        assertEquals(2, kernel.calls("unmount").size());
    }

    @Test
    void xattrsReadBackWhatWasWritten() throws IOException {
        kernel.setXattr(target, "trusted.a", new byte[] {1});
        assertArrayEquals(new byte[] {1}, kernel.getXattr(target, "trusted.a").orElseThrow());
        assertTrue(kernel.getXattr(target, "trusted.b").isEmpty());
    }
}
