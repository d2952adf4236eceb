package io.jocker.storage.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.DriverContext;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import io.jocker.testing.CommandKernelOps;
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

/** The storage driver contract against real overlayfs mounts (needs root), plus overlay specifics. */
class OverlayDriverTest extends StorageDriverContract {

    @Override
    protected KernelOps newKernelOps() {
        return new CommandKernelOps();
    }

    @Override
    protected StorageDriver newDriver(DriverContext context) {
        return new OverlayDriverFactory().create(context);
    }

    @Override
    protected boolean isWhiteout(Path layerDir, String relativePath) throws IOException {
        Path path = layerDir.resolve(relativePath);
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS) && OverlayDiff.isWhiteout(path);
    }

    @Override
    protected boolean isOpaque(Path layerDir, String relativeDir) throws IOException {
        return new OverlayDiff(kernel).isOpaque(layerDir.resolve(relativeDir));
    }

    @Override
    protected Optional<String> realMountUnavailable() {
        return Optional.empty();
    }

    @Test
    void manyLayersFitTheMountOptionsThroughShortLinks() throws IOException {
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            layers.add(commitLayer(Map.of("file" + i, Integer.toString(i), "shared", Integer.toString(i))));
        }
        int fullPaths = layers.stream().mapToInt(id -> driver.layerPath(id).toString().length() + 1).sum();
        assertTrue(fullPaths > OverlayDriver.MAX_MOUNT_DATA, "the test must need the short links");
        String container = containerId();
        driver.createContainer(container, layers);

        Path root = driver.mountRootfs(container);
        try {
            assertEquals("59", Files.readString(root.resolve("shared")), "the last layer is on top");
            assertEquals("0", Files.readString(root.resolve("file0")));
        } finally {
            driver.removeContainer(container);
        }
    }

    @Test
    void tooManyLayersFailWithAnActionableMessage() throws IOException {
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            layers.add(commitLayer(Map.of()));
        }
        String container = containerId();
        driver.createContainer(container, layers);

        IOException e = assertThrows(IOException.class, () -> driver.mountRootfs(container));
        assertTrue(e.getMessage().contains("cannot mount 200 layers"), e.getMessage());
        driver.removeContainer(container);
    }

    @Test
    void aContainerOnNoLayerMountsAnEmptyRoot() throws IOException {
        String container = containerId();
        driver.createContainer(container, List.of());
        Path root = driver.mountRootfs(container);
        assertEquals(0, names(root).size());
        driver.removeContainer(container);
    }

    @Test
    void removalCopesWithEveryPartialCreationState() throws IOException {
        String base = commitLayer(Map.of("f", "x"));
        for (String missing : List.of("merged", "work", "upper", "lower")) {
            String container = containerId();
            driver.createContainer(container, List.of(base));
            Path dir = driver.mountRootfs(container).getParent();
            driver.unmountRootfs(container);
            deleteTree(dir.resolve(missing));
            driver.removeContainer(container);
            assertFalse(Files.exists(dir), missing);
        }
        assertTrue(driver.hasLayer(base));
    }

    @Test
    void removingALayerDeletesItsShortLinkAndDescribeNamesTheDirectories() throws IOException {
        String base = commitLayer(Map.of("f", "x"));
        String container = containerId();
        driver.createContainer(container, List.of(base));

        Map<String, String> data = driver.describe(container);
        assertEquals(driver.layerPath(base).toString(), data.get("LowerDir"));
        assertTrue(data.get("MergedDir").endsWith("/merged"));
        driver.removeContainer(container);
        assertEquals(Map.of(), driver.describe(container));

        driver.removeLayer(base);
        assertEquals(0, names(home.resolve("l")).size());
    }

    @Test
    void committedLayersRefuseWhiteouts() throws IOException {
        String id = commitLayer(Map.of("f", "x"));
        assertThrows(IOException.class, () -> driver.addWhiteout(driver.layerPath(id), "f2"));
        assertThrows(IOException.class, () -> driver.addWhiteout(temp, "x"));
    }
}
