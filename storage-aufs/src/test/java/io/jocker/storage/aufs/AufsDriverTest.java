package io.jocker.storage.aufs;

import io.jocker.linux.MountInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import io.jocker.testing.CommandKernelOps;
import io.jocker.testing.RecordingKernelOps.Call;
import io.jocker.testing.RecordingKernelOps;
import io.jocker.testing.storage.StorageDriverContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The storage driver contract for aufs. This kernel has no aufs, so mounts go to a {@link
 * RecordingKernelOps} whose calls are asserted exactly, and the container's changes are written
 * into its writable branch the way aufs would; unpacking, whiteouts and diff run for real.
 */
class AufsDriverTest extends StorageDriverContract {

    private static final boolean KERNEL_HAS_AUFS = Host.current().filesystems().contains("aufs");

    @Override
    protected KernelOps newKernelOps() {
        return KERNEL_HAS_AUFS ? new CommandKernelOps() : new RecordingKernelOps();
    }

    @Override
    protected StorageDriver newDriver(DriverContext context) {
        return new AufsDriverFactory().create(context);
    }

    @Override
    protected boolean isWhiteout(Path layerDir, String relativePath) {
        Path path = layerDir.resolve(relativePath);
        return Files.isRegularFile(path.resolveSibling(".wh." + path.getFileName()), LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    protected boolean isOpaque(Path layerDir, String relativeDir) {
        return Files.isRegularFile(layerDir.resolve(relativeDir).resolve(".wh..wh..opq"), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    protected Optional<String> realMountUnavailable() {
        return KERNEL_HAS_AUFS ? Optional.empty() : Optional.of("this kernel has no aufs (not in /proc/filesystems)");
    }

    @Override
    protected List<Path> mountsLeftUnder(Path root) throws IOException {
        List<Path> left = new ArrayList<>(MountInfo.mountsUnder(root));
        if (kernel instanceof RecordingKernelOps recording) {
            recording.mounted().stream().filter(p -> p.startsWith(root)).forEach(left::add);
        }
        return left;
    }

    /** Without aufs, writes what aufs would put into the writable branch for the scenario's changes. */
    @Override
    protected void makeContainerChanges(String containerId) throws IOException {
        if (KERNEL_HAS_AUFS) {
            super.makeContainerChanges(containerId);
            return;
        }
        Path rw = Path.of(driver.describe(containerId).get("UpperDir"));
        Files.writeString(rw.resolve("new.txt"), "new");
        Files.createDirectories(rw.resolve("etc"));
        Files.writeString(rw.resolve("etc/conf"), "changed");
        Files.createFile(rw.resolve("etc/.wh.gone"));
        Files.createDirectories(rw.resolve("opt"));
        Files.createFile(rw.resolve("opt/.wh..wh..opq"));
        Files.writeString(rw.resolve("opt/fresh"), "fresh");
        Files.createDirectories(rw.resolve(".wh..wh.plnk"));
        Files.createFile(rw.resolve(".wh..wh.aufs"));
    }

    @Test
    void mountsTheWritableBranchOverTheLayersTopmostFirst() throws IOException {
        RecordingKernelOps recording = recording();
        String container = scenarioContainer();
        Path rw = Path.of(driver.describe(container).get("UpperDir"));
        List<String> layers = Files.readAllLines(rw.resolveSibling("lower"));

        Path mnt = driver.mountRootfs(container);
        driver.mountRootfs(container);
        driver.removeContainer(container);

        String data = "br:" + rw + "=rw:" + driver.layerPath(layers.get(0)) + "=ro+wh:"
                + driver.layerPath(scenarioBase) + "=ro+wh,dio,xino=/dev/shm/aufs.xino";
        assertEquals(List.of(new Call("mount", List.of("none", mnt.toString(), "aufs", "0", data)),
                new Call("unmount", List.of(mnt.toString(), "false"))), recording.calls());
    }

    @Test
    void branchesBeyondOnePageAreAppendedWithRemounts() throws IOException {
        RecordingKernelOps recording = recording();
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            layers.add(commitLayer(Map.of()));
        }
        String container = containerId();
        driver.createContainer(container, layers);

        driver.mountRootfs(container);

        List<Call> mounts = recording.calls("mount");
        String first = mounts.get(0).arguments().get(4);
        assertTrue(first.length() <= AufsMountOptions.PAGE_SIZE - 1, "first mount must fit in one page");
        assertTrue(mounts.size() > 1, "80 long branch paths cannot fit in one page");
        int inFirst = first.split(":").length - 2;
        for (int i = 1; i < mounts.size(); i++) {
            String expected = "append:" + driver.layerPath(layers.get(layers.size() - 1 - inFirst - (i - 1))) + "=ro+wh";
            assertEquals(List.of("none", mounts.get(i).arguments().get(1), "aufs",
                    Long.toString(KernelOps.MS_REMOUNT), expected), mounts.get(i).arguments());
        }
        assertEquals(80, inFirst + mounts.size() - 1, "every layer is a branch exactly once");
        driver.removeContainer(container);
    }

    @Test
    void aFailedAppendUnmountsTheHalfBuiltUnion() throws IOException {
        KernelOps failing = mock(KernelOps.class);
        doThrow(new IOException("mount: append: Invalid argument"))
                .when(failing).mount(anyString(), any(), eq("aufs"), eq(KernelOps.MS_REMOUNT), anyString());
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            layers.add(commitLayer(Map.of()));
        }
        String container = containerId();
        driver.createContainer(container, layers);
        StorageDriver onFailingKernel = newDriver(new DriverContext(Host.current(), home, failing, Map.of()));

        assertThrows(IOException.class, () -> onFailingKernel.mountRootfs(container));
        verify(failing).mount(eq("none"), any(), eq("aufs"), eq(0L), anyString());
        verify(failing).unmount(any(), eq(false));
        driver.removeContainer(container);
    }

    @Test
    void layerFilesWhiteoutsAndDiffUseAufsNamesOnDisk() throws IOException {
        String id = layerId();
        Path dir = driver.createLayer(id);
        driver.addWhiteout(dir, "etc/passwd");
        driver.markOpaque(dir, "var");

        assertEquals(List.of(".wh.passwd"), List.copyOf(names(dir.resolve("etc"))));
        assertTrue(Files.isRegularFile(dir.resolve("var/.wh..wh..opq")));
        assertThrows(IOException.class, () -> driver.addWhiteout(dir, "x/.wh.y"));
        assertFalse(anyMountCall(), "whiteouts need no kernel call");
    }

    @Test
    void removalCopesWithEveryPartialCreationState() throws IOException {
        String base = commitLayer(Map.of("f", "x"));
        for (String missing : List.of("mnt", "rw", "lower")) {
            String container = containerId();
            driver.createContainer(container, List.of(base));
            Path dir = Path.of(driver.describe(container).get("UpperDir")).getParent();
            deleteTree(dir.resolve(missing));
            driver.removeContainer(container);
            assertFalse(Files.exists(dir), missing);
        }
        assertTrue(driver.hasLayer(base));
    }

    private boolean anyMountCall() {
        return kernel instanceof RecordingKernelOps recording && !recording.calls("mount").isEmpty();
    }

    private RecordingKernelOps recording() {
        assumeFalse(KERNEL_HAS_AUFS, "asserts recorded calls; this kernel mounts aufs for real");
        return (RecordingKernelOps) kernel;
    }

}
