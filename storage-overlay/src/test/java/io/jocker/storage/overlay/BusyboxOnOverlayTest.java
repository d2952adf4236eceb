package io.jocker.storage.overlay;

import io.jocker.linux.MountInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.images.ContainerUsage;
import io.jocker.images.ImageStore;
import io.jocker.images.ImportRequest;
import io.jocker.images.ResolvedImage;
import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import io.jocker.testing.CommandKernelOps;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end, as root: the busybox rootfs imported through the image store into real overlay mounts. */
class BusyboxOnOverlayTest {

    @TempDir
    Path temp;

    private final KernelOps kernel = new CommandKernelOps();

    @AfterEach
    void leavesNoMount() throws Exception {
        assertEquals(List.of(), MountInfo.mountsUnder(temp));
    }

    @Test
    void anImportedBusyboxRunsOnOverlayAndAWhiteoutLayerHidesAFile() throws Exception {
        StorageDriver driver = new OverlayDriverFactory()
                .create(new DriverContext(Host.current(), Files.createDirectory(temp.resolve("overlay")), kernel, Map.of()));
        ImageStore images = new ImageStore(temp.resolve("images"), driver, kernel, new ObjectMapper(), Clock.systemUTC());
        String busybox;
        try (InputStream tar = Files.newInputStream(BusyboxRootfs.tar())) {
            busybox = images.importImage(tar, new ImportRequest("-", "busybox", List.of("CMD [\"sh\"]"), null));
        }
        String top = images.importImage(new ByteArrayInputStream(whiteoutTar()), new ImportRequest("-", "top", List.of(), null));
        ResolvedImage base = images.resolve("busybox");
        assertEquals(List.of("sh"), base.config().config().cmd());
        Path baseLayer = driver.layerPath(base.layerIds().get(0));
        assertEquals(01777, (Integer) Files.getAttribute(baseLayer.resolve("tmp"), "unix:mode") & 07777);

        List<String> layers = new ArrayList<>(base.layerIds());
        layers.addAll(images.resolve(top).layerIds());
        String container = "c0ffee".repeat(10) + "abcd";
        driver.createContainer(container, layers);
        Path root = driver.mountRootfs(container);
        try {
            assertFalse(Files.exists(root.resolve("bin/ls"), LinkOption.NOFOLLOW_LINKS), "the whiteout hides bin/ls");
            assertEquals(Path.of("busybox"), Files.readSymbolicLink(root.resolve("bin/sh")));
            assertEquals("root\n", run("chroot", root.toString(), "/bin/sh", "-c", "echo hi > /tmp/x && id -un"));
        } finally {
            driver.unmountRootfs(container);
        }
        List<String> changes = new ArrayList<>();
        driver.diff(container, new StorageDriver.ChangeVisitor() {
            @Override
            public void changed(String relativePath, Path file) {
                changes.add(relativePath);
            }

            @Override
            public void deleted(String relativePath) {
                changes.add("-" + relativePath);
            }

            @Override
            public void opaqued(String relativeDir) {
                changes.add("opaque " + relativeDir);
            }
        });
        assertEquals(List.of("tmp", "tmp/x"), changes);

        driver.removeContainer(container);
        images.remove("busybox", false, ContainerUsage.NONE);
        images.remove("top", false, ContainerUsage.NONE);
        assertFalse(driver.hasLayer(layers.get(0)));
        assertTrue(Files.notExists(baseLayer));
        assertFalse(busybox.isEmpty());
    }

    private static byte[] whiteoutTar() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.putArchiveEntry(new TarArchiveEntry("bin/.wh.ls"));
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
