package io.jocker.testing.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.CgroupException;
import io.jocker.spi.CgroupStats;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every cgroup driver passes, on a fake cgroup file system in a temporary
 * directory. A subclass builds the fake tree its driver expects and says which files each
 * operation must write, with which exact content.
 */
public abstract class CgroupDriverContract {

    protected static final long MB = 1024 * 1024;
    protected static final String ID = "c0ffee";
    /** Every limit set: 64m memory, 128m memory+swap, 32m reservation, 512 shares, --cpus 0.5, cpuset 0/0, 10 pids. */
    protected static final Resources ALL_LIMITS =
            Resources.builder().memory(64 * MB).memorySwap(128 * MB).memoryReservation(32 * MB).cpuShares(512L).cpuPeriod(100_000L).cpuQuota(50_000L).cpusetCpus("0").cpusetMems("0").pidsLimit(10L).build();
    /** What an update changes: memory to 48m (swap 96m), quota to 25000, 20 pids. */
    protected static final Resources UPDATE =
            Resources.builder().memory(48 * MB).memorySwap(96 * MB).cpuQuota(25_000L).pidsLimit(20L).build();
    /** Every controller the fake trees can offer. */
    protected static final Set<String> ALL_CONTROLLERS =
            Set.of("cpuset", "cpu", "cpuacct", "memory", "pids", "freezer", "devices", "blkio", "io");

    @TempDir
    protected Path root;
    protected FakeCgroupTree tree;
    protected Host host;

    /** Builds the fake tree offering only {@code controllers} (those the driver's cgroup version knows). */
    protected abstract void buildFakeTree(FakeCgroupTree tree, Set<String> controllers);

    protected abstract CgroupDriverFactory factory();

    /** The container's cgroup directories, relative to the fake root. */
    protected abstract List<String> cgroupDirs(String id);

    /** The files (relative to the fake root) a cgroup has after {@code create} with no limit. */
    protected abstract Set<String> filesWithoutLimits(String id);

    /** File to exact content after {@code create(id, ALL_LIMITS)}. */
    protected abstract Map<String, String> expectedLimitFiles(String id);

    /** File to exact content that {@code update(UPDATE)} writes into a cgroup created without limits. */
    protected abstract Map<String, String> expectedUpdateFiles(String id);

    /** File to exact content after {@code freeze()} (frozen) or {@code thaw()}. */
    protected abstract Map<String, String> expectedFreezerFiles(String id, boolean frozen);

    /** Makes the fake kernel report the freezer state the driver waits for, if it waits on a separate file. */
    protected abstract void kernelReportsFrozen(String id, boolean frozen);

    /** Writes the fake kernel's usage counters and returns the stats they must give. */
    protected abstract CgroupStats simulateUsage(String id);

    /** Makes the fake kernel report an OOM kill. */
    protected abstract void simulateOomKill(String id);

    /** Breaks the fake tree so that {@code create(id, ...)} fails after validation. */
    protected abstract void breakTree(String id);

    @BeforeEach
    void buildTree() {
        tree = new FakeCgroupTree(root);
        host = new Host(root, "6.18.0", 2);
        buildFakeTree(tree, ALL_CONTROLLERS);
    }

    protected CgroupDriver driver() {
        assertTrue(factory().isSupported(host).supported(), () -> factory().isSupported(host).reason());
        return factory().create(new DriverContext(host, root.resolve("home"), null, Map.of()));
    }

    private Set<String> cgroupFiles(String id) {
        Set<String> files = new TreeSet<>();
        cgroupDirs(id).forEach(dir -> files.addAll(tree.files(dir)));
        return files;
    }

    private void assertNothingLeft(String id) {
        for (String dir : cgroupDirs(id)) {
            assertFalse(tree.exists(dir), dir + " left behind");
        }
        CgroupLeaks.assertNoCgroup(tree.cgroupRoot(), id);
    }

    private void assertFiles(Map<String, String> expected) {
        expected.forEach((file, content) -> assertEquals(content, tree.read(file), file));
    }

    @Test
    void createWritesEveryLimitExactly() throws Exception {
        ContainerCgroup cgroup = driver().create(ID, ALL_LIMITS);

        assertEquals("/jocker/" + ID, cgroup.path());
        assertFiles(expectedLimitFiles(ID));
        Set<String> expectedFiles = new TreeSet<>(filesWithoutLimits(ID));
        expectedFiles.addAll(expectedLimitFiles(ID).keySet());
        assertEquals(expectedFiles, cgroupFiles(ID));
    }

    @Test
    void createAtPutsTheCgroupAtTheCallersPathWhichOnlyOpenAtFinds() throws Exception {
        CgroupDriver driver = driver();
        ContainerCgroup cgroup = driver.createAt("jocker/pod-" + ID, Resources.none());
        assertEquals("/jocker/pod-" + ID, cgroup.path());
        assertEquals(filesWithoutLimits("pod-" + ID), cgroupFiles("pod-" + ID));
        assertTrue(driver.openAt("jocker/pod-" + ID).isPresent());
        assertTrue(driver.open(ID).isEmpty());
        for (String hostile : List.of("jocker/../etc", "/jocker/x", "jocker//x", "jocker/x/")) {
            assertThrows(CgroupException.class, () -> driver.createAt(hostile, Resources.none()), hostile);
            assertTrue(driver.openAt(hostile).isEmpty(), hostile);
        }
        cgroup.destroy();
        assertNothingLeft("pod-" + ID);
    }

    @Test
    void unsetLimitsWriteNothing() throws Exception {
        driver().create(ID, Resources.none());

        assertEquals(filesWithoutLimits(ID), cgroupFiles(ID));
    }

    @Test
    void updateWritesOnlyWhatIsSet() throws Exception {
        ContainerCgroup cgroup = driver().create(ID, Resources.none());

        cgroup.update(UPDATE);

        assertFiles(expectedUpdateFiles(ID));
        Set<String> expectedFiles = new TreeSet<>(filesWithoutLimits(ID));
        expectedFiles.addAll(expectedUpdateFiles(ID).keySet());
        assertEquals(expectedFiles, cgroupFiles(ID));
    }

    @Test
    void freezeAndThawWriteTheFreezerAndReportTheState() throws Exception {
        ContainerCgroup cgroup = driver().create(ID, Resources.none());

        kernelReportsFrozen(ID, true);
        cgroup.freeze();
        assertFiles(expectedFreezerFiles(ID, true));
        assertTrue(cgroup.isFrozen());

        kernelReportsFrozen(ID, false);
        cgroup.thaw();
        assertFiles(expectedFreezerFiles(ID, false));
        assertFalse(cgroup.isFrozen());
    }

    @Test
    void addProcessPutsThePidIntoEveryDirectory() throws Exception {
        ContainerCgroup cgroup = driver().create(ID, Resources.none());

        cgroup.addProcess(4242);

        for (String dir : cgroupDirs(ID)) {
            assertEquals("4242", tree.read(dir + "/cgroup.procs"), dir);
        }
        assertEquals(List.of(4242L), cgroup.processes());
    }

    @Test
    void statsFollowDockersCalculation() throws Exception {
        ContainerCgroup cgroup = driver().create(ID, ALL_LIMITS);

        CgroupStats expected = simulateUsage(ID);

        assertEquals(expected, cgroup.stats());
    }

    @Test
    void oomKillIsReported() throws Exception {
        ContainerCgroup cgroup = driver().create(ID, ALL_LIMITS);
        assertFalse(cgroup.oomKilled());

        simulateOomKill(ID);

        assertTrue(cgroup.oomKilled());
    }

    @Test
    void destroyRemovesEveryDirectoryAndToleratesAbsence() throws Exception {
        CgroupDriver driver = driver();
        ContainerCgroup cgroup = driver.create(ID, ALL_LIMITS);
        assertTrue(driver.open(ID).isPresent());

        cgroup.killAll();
        cgroup.destroy();

        assertNothingLeft(ID);
        assertTrue(driver.open(ID).isEmpty());
        cgroup.destroy();
    }

    @Test
    void createOfAnExistingCgroupFails() throws Exception {
        CgroupDriver driver = driver();
        driver.create(ID, Resources.none());

        assertThrows(CgroupException.class, () -> driver.create(ID, Resources.none()));
    }

    @Test
    void aFailedCreateLeavesNothing() {
        CgroupDriver driver = driver();
        breakTree(ID);

        assertThrows(CgroupException.class, () -> driver.create(ID, ALL_LIMITS));

        assertNothingLeft(ID);
    }

    @Test
    void aLimitWithoutItsControllerFailsNamingItAndCreatesNothing() throws Exception {
        Set<String> withoutPids = new TreeSet<>(ALL_CONTROLLERS);
        withoutPids.remove("pids");
        Path fresh = root.resolve("without-pids");
        tree = new FakeCgroupTree(fresh);
        host = new Host(fresh, "6.18.0", 2);
        buildFakeTree(tree, withoutPids);

        CgroupException e = assertThrows(CgroupException.class, () -> driver().create(ID,
                Resources.builder().pidsLimit(10L).build()));

        assertTrue(e.getMessage().contains("\"pids\""), e.getMessage());
        assertNothingLeft(ID);
        driver().create(ID, Resources.builder().memory(64 * MB).build());
    }

    @Test
    void cpusOutsideTheParentAreRefusedBeforeCreating() {
        CgroupException e = assertThrows(CgroupException.class, () -> driver().create(ID,
                Resources.builder().cpusetCpus("0-7").build()));

        assertTrue(e.getMessage().contains("0-7"), e.getMessage());
        assertNothingLeft(ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../escape", "a/b", "", ".hidden", "x\ny"})
    void hostileIdsAreRefused(String id) {
        assertThrows(CgroupException.class, () -> driver().create(id, Resources.none()));
        assertTrue(driver().open(id).isEmpty());
        assertTrue(tree.files("sys/fs/cgroup").stream().noneMatch(f -> f.contains("escape")));
    }

    @Test
    void controllersAreListed() {
        assertFalse(driver().controllers().isEmpty());
        assertTrue(driver().controllers().contains("memory"));
    }
}
