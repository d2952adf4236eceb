package io.jocker.testing.storage;

import io.jocker.linux.MountInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link StorageDriver} must show. A driver's test extends this class and
 * says how to build the driver, how its whiteouts look on disk and whether the kernel can mount
 * it for real; tests that need to read the mounted view skip when it cannot.
 *
 * <p>The scenario used throughout: a base layer with {@code etc/conf}, {@code etc/gone},
 * {@code opt/old} and {@code keep}; a top layer that whiteouts {@code keep} and makes {@code opt}
 * opaque with {@code opt/top}.
 */
public abstract class StorageDriverContract {

    @TempDir
    protected Path temp;

    protected Path home;
    protected KernelOps kernel;
    protected StorageDriver driver;

    /** A fresh kernel for each test. */
    protected abstract KernelOps newKernelOps();

    /** Builds the driver under test; called once per test. */
    protected abstract StorageDriver newDriver(DriverContext context);

    /** Whether {@code relativePath} is recorded as deleted in the layer, in the driver's own format. */
    protected abstract boolean isWhiteout(Path layerDir, String relativePath) throws IOException;

    /** Whether {@code relativeDir} is marked opaque in the layer, in the driver's own format. */
    protected abstract boolean isOpaque(Path layerDir, String relativeDir) throws IOException;

    /** Empty when the kernel mounts this driver's file system for real; otherwise why not. */
    protected abstract Optional<String> realMountUnavailable();

    /** Mount points left at or below {@code root}; by default from this process's mount table. */
    protected List<Path> mountsLeftUnder(Path root) throws IOException {
        return MountInfo.mountsUnder(root);
    }

    /**
     * Makes the scenario's container changes (add {@code new.txt}, change {@code etc/conf}, delete
     * {@code etc/gone}, replace {@code opt} by a new directory holding {@code fresh}) the way a
     * process in the container would: through the mounted root file system.
     */
    protected void makeContainerChanges(String containerId) throws IOException {
        Path root = driver.mountRootfs(containerId);
        Files.writeString(root.resolve("new.txt"), "new");
        Files.writeString(root.resolve("etc/conf"), "changed");
        Files.delete(root.resolve("etc/gone"));
        deleteTree(root.resolve("opt"));
        Files.createDirectory(root.resolve("opt"));
        Files.writeString(root.resolve("opt/fresh"), "fresh");
        driver.unmountRootfs(containerId);
    }

    @BeforeEach
    void createDriver() throws IOException {
        home = Files.createDirectory(temp.resolve("home"));
        kernel = newKernelOps();
        driver = newDriver(new DriverContext(Host.current(), home, kernel, Map.of()));
    }

    @AfterEach
    void leavesNoMount() throws IOException {
        List<Path> left = mountsLeftUnder(temp);
        for (Path mount : left) {
            kernel.unmount(mount, true);
        }
        assertEquals(List.of(), left, "mounts left behind");
    }

    @Test
    void createdLayerIsAnEmptyDirectoryUnderHomeAndBecomesPresentOnCommit() throws IOException {
        String id = layerId();
        Path dir = driver.createLayer(id);

        assertTrue(Files.isDirectory(dir) && dir.startsWith(home));
        try (Stream<Path> children = Files.list(dir)) {
            assertEquals(0, children.count());
        }
        assertFalse(driver.hasLayer(id), "uncommitted layer must not count as present");
        driver.commitLayer(id);
        assertTrue(driver.hasLayer(id));
        assertEquals(dir, driver.layerPath(id));
    }

    @Test
    void creatingAnExistingLayerFails() throws IOException {
        String id = layerId();
        driver.createLayer(id);
        assertThrows(IOException.class, () -> driver.createLayer(id));
    }

    @Test
    void removingLayersWorksCommittedUncommittedAndAbsent() throws IOException {
        String committed = commitLayer(Map.of("a/b/c", "x"));
        String uncommitted = layerId();
        Files.writeString(driver.createLayer(uncommitted).resolve("f"), "half-unpacked");

        driver.removeLayer(committed);
        driver.removeLayer(uncommitted);
        driver.removeLayer(layerId());

        assertFalse(driver.hasLayer(committed));
        assertFalse(Files.exists(driver.layerPath(committed)));
        assertFalse(Files.exists(driver.layerPath(uncommitted)));
    }

    @Test
    void anUncommittedLayerIsRenamedWithItsFilesAndWhiteouts() throws IOException {
        String provisional = "pending:" + randomHex().substring(0, 16);
        Path dir = driver.createLayer(provisional);
        Files.writeString(dir.resolve("f"), "content");
        driver.addWhiteout(dir, "gone");
        String id = layerId();

        driver.renameLayer(provisional, id);
        driver.commitLayer(id);

        assertTrue(driver.hasLayer(id));
        assertEquals("content", Files.readString(driver.layerPath(id).resolve("f")));
        assertTrue(isWhiteout(driver.layerPath(id), "gone"));
        assertFalse(Files.exists(dir, LinkOption.NOFOLLOW_LINKS), "the provisional directory is gone");
        driver.removeLayer(provisional);
        assertTrue(driver.hasLayer(id), "removing the old id leaves the renamed layer alone");
    }

    @Test
    void renamingACommittedLayerOrOntoAnExistingOneFails() throws IOException {
        String committed = commitLayer(Map.of("f", "committed"));
        String uncommitted = layerId();
        Files.writeString(driver.createLayer(uncommitted).resolve("f"), "uncommitted");

        assertThrows(IOException.class, () -> driver.renameLayer(committed, layerId()));
        assertThrows(IOException.class, () -> driver.renameLayer(uncommitted, committed));

        assertEquals("committed", Files.readString(driver.layerPath(committed).resolve("f")));
        assertEquals("uncommitted", Files.readString(driver.layerPath(uncommitted).resolve("f")));
    }

    @Test
    void hostileIdsAreRejected() throws IOException {
        String uncommitted = layerId();
        driver.createLayer(uncommitted);
        for (String id : List.of("../escape", "a/b", "", ".", "..", "/abs")) {
            assertThrows(Exception.class, () -> driver.createLayer(id), id);
            assertThrows(Exception.class, () -> driver.renameLayer(uncommitted, id), id);
        }
        assertFalse(Files.exists(temp.resolve("escape")));
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesAreWrittenInTheDriversFormat() throws IOException {
        String id = layerId();
        Path dir = driver.createLayer(id);
        Files.createDirectories(dir.resolve("opt"));

        driver.addWhiteout(dir, "gone");
        driver.addWhiteout(dir, "deep/nested/gone");
        driver.markOpaque(dir, "opt");
        driver.markOpaque(dir, "new/opaque");
        driver.commitLayer(id);

        assertTrue(isWhiteout(dir, "gone"));
        assertTrue(isWhiteout(dir, "deep/nested/gone"));
        assertTrue(isOpaque(dir, "opt"));
        assertTrue(isOpaque(dir, "new/opaque"));
        assertFalse(isOpaque(dir, "deep"));
    }

    @Test
    void whiteoutsNeverEscapeTheLayer() throws IOException {
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Path dir = driver.createLayer(layerId());
        Files.createSymbolicLink(dir.resolve("link"), outside);

        for (String path : List.of("../x", "a/../../x", "link/x", "/abs/x", "")) {
            assertThrows(IOException.class, () -> driver.addWhiteout(dir, path), path);
            assertThrows(IOException.class, () -> driver.markOpaque(dir, path.isEmpty() ? ".." : path), path);
        }
        try (Stream<Path> children = Files.list(outside)) {
            assertEquals(0, children.count());
        }
        assertFalse(Files.exists(temp.resolve("x")));
    }

    @Test
    void containersNeedCommittedLayersAndUniqueIds() throws IOException {
        String base = commitLayer(Map.of("f", "x"));
        String container = containerId();

        assertThrows(IOException.class, () -> driver.createContainer(containerId(), List.of(layerId())));
        driver.createContainer(container, List.of(base));
        assertThrows(IOException.class, () -> driver.createContainer(container, List.of(base)));
        driver.removeContainer(container);
    }

    @Test
    void mountedRootfsShowsTheLayersWithWhiteoutsApplied() throws IOException {
        requireRealMount();
        String container = scenarioContainer();

        Path root = driver.mountRootfs(container);
        try {
            assertTrue(kernel.isMountPoint(root));
            assertEquals("base", Files.readString(root.resolve("etc/conf")));
            assertFalse(Files.exists(root.resolve("keep"), LinkOption.NOFOLLOW_LINKS), "whiteout must hide keep");
            assertEquals(Set.of("top"), names(root.resolve("opt")), "opaque opt must hide opt/old");
            Files.writeString(root.resolve("written"), "w");
        } finally {
            driver.unmountRootfs(container);
        }
        assertFalse(kernel.isMountPoint(root));
        assertFalse(Files.exists(root.resolve("written")));
        driver.removeContainer(container);
    }

    @Test
    void aReadOnlyRootfsShowsTheLayersAndAWritableMountReplacesOneLeftBehind() throws IOException {
        requireRealMount();
        String container = scenarioContainer();

        Path root = driver.mountRootfsReadOnly(container);
        try {
            assertEquals("base", Files.readString(root.resolve("etc/conf")));
            assertFalse(Files.exists(root.resolve("keep"), LinkOption.NOFOLLOW_LINKS), "whiteout must hide keep");
            if (!Files.getFileStore(root).isReadOnly()) {
                return; // a driver keeping the default, writable mount
            }
            assertThrows(IOException.class, () -> Files.writeString(root.resolve("written"), "w"));
            assertEquals(root, driver.mountRootfsReadOnly(container), "mounting again keeps the mount");
            // as if the reader had crashed: the next writable mount must not keep the read-only one
            assertEquals(root, driver.mountRootfs(container));
            Files.writeString(root.resolve("written"), "w");
        } finally {
            driver.unmountRootfs(container);
        }
        assertFalse(kernel.isMountPoint(root));
        driver.removeContainer(container);
    }

    @Test
    void mountingIsIdempotentAndUnmountingToleratesNotMounted() throws IOException {
        String container = scenarioContainer();

        Path first = driver.mountRootfs(container);
        Path second = driver.mountRootfs(container);
        assertEquals(first, second);
        assertTrue(kernel.isMountPoint(first));
        driver.unmountRootfs(container);
        assertFalse(kernel.isMountPoint(first));
        driver.unmountRootfs(container);
        driver.removeContainer(container);
    }

    @Test
    void diffReportsAddsChangesDeletesAndOpaquesParentsFirst() throws IOException {
        String container = scenarioContainer();
        makeContainerChanges(container);

        List<String> events = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        driver.diff(container, new StorageDriver.ChangeVisitor() {
            @Override
            public void changed(String relativePath, Path file) throws IOException {
                events.add("changed " + relativePath);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    contents.add(relativePath + "=" + Files.readString(file, StandardCharsets.UTF_8));
                }
            }

            @Override
            public void deleted(String relativePath) {
                events.add("deleted " + relativePath);
            }

            @Override
            public void opaqued(String relativeDir) {
                events.add("opaqued " + relativeDir);
            }
        });

        assertEquals(new TreeSet<>(List.of("changed etc", "changed etc/conf", "deleted etc/gone", "changed new.txt",
                "changed opt", "opaqued opt", "changed opt/fresh")), new TreeSet<>(events));
        assertEquals(events.size(), new TreeSet<>(events).size(), "each change once: " + events);
        assertTrue(events.indexOf("changed etc") < events.indexOf("changed etc/conf"), events.toString());
        assertTrue(events.indexOf("opaqued opt") < events.indexOf("changed opt/fresh"), events.toString());
        assertEquals(new TreeSet<>(List.of("etc/conf=changed", "new.txt=new", "opt/fresh=fresh")),
                new TreeSet<>(contents));
        driver.removeContainer(container);
    }

    @Test
    void removingAMountedContainerUnmountsAndDeletesIt() throws IOException {
        String container = scenarioContainer();
        Path root = driver.mountRootfs(container);

        driver.removeContainer(container);

        assertFalse(kernel.isMountPoint(root));
        assertFalse(Files.exists(root));
        assertThrows(IOException.class, () -> driver.diff(container, null));
        assertEquals("base", Files.readString(driver.layerPath(scenarioBase).resolve("etc/conf")),
                "removing a container must not touch its layers");
    }

    @Test
    void removingNeverMountedOrAbsentContainersSucceeds() throws IOException {
        String container = scenarioContainer();
        driver.removeContainer(container);
        driver.removeContainer(container);
        driver.removeContainer(containerId());
        driver.createContainer(container, List.of(scenarioBase));
        driver.removeContainer(container);
    }

    protected String scenarioBase;

    /** Builds the scenario's two layers and a container on them; returns the container id. */
    protected String scenarioContainer() throws IOException {
        scenarioBase = commitLayer(Map.of("etc/conf", "base", "etc/gone", "g", "opt/old", "o", "keep", "k"));
        String topId = layerId();
        Path top = driver.createLayer(topId);
        driver.addWhiteout(top, "keep");
        Files.createDirectories(top.resolve("opt"));
        Files.writeString(top.resolve("opt/top"), "t");
        driver.markOpaque(top, "opt");
        driver.commitLayer(topId);
        String container = containerId();
        driver.createContainer(container, List.of(scenarioBase, topId));
        return container;
    }

    /** Creates and commits a layer holding {@code files} (relative path to content). */
    protected String commitLayer(Map<String, String> files) throws IOException {
        String id = layerId();
        Path dir = driver.createLayer(id);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        driver.commitLayer(id);
        return id;
    }

    protected void requireRealMount() {
        Optional<String> reason = realMountUnavailable();
        assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
    }

    protected static String layerId() {
        return "sha256:" + randomHex();
    }

    protected static String containerId() {
        return randomHex();
    }

    private static String randomHex() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            hex.append(String.format("%016x", ThreadLocalRandom.current().nextLong()));
        }
        return hex.toString();
    }

    protected static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    protected static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
