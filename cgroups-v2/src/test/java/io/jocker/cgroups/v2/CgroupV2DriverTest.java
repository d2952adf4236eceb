package io.jocker.cgroups.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.CgroupException;
import io.jocker.spi.Host;
import io.jocker.spi.Plugin;
import io.jocker.spi.Resources;
import io.jocker.spi.Support;
import io.jocker.testing.cgroups.FakeCgroupTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What is specific to v2: support probing, controller enabling, unit conversions. */
class CgroupV2DriverTest {

    private static final String CG = "sys/fs/cgroup/";
    private static final long MB = 1024 * 1024;

    @TempDir
    Path root;
    private FakeCgroupTree tree;
    private Host host;

    @BeforeEach
    void setUp() {
        tree = new FakeCgroupTree(root);
        host = new Host(root, "6.18.0", 2);
    }

    private void unifiedHost(String controllers) {
        tree.mountinfo("30 1 0:26 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw");
        tree.file(CG + "cgroup.controllers", controllers + "\n").file(CG + "cgroup.subtree_control", "");
        tree.file(CG + "jocker/cgroup.controllers", controllers + "\n").file(CG + "jocker/cgroup.subtree_control", "");
    }

    @Test
    void aUnifiedHostWithControllersIsSupported() {
        unifiedHost("cpu memory pids");

        assertEquals(Support.yes(), new CgroupV2DriverFactory().isSupported(host));
    }

    @Test
    void aHybridHostIsNotSupportedAndSaysWhy() {
        tree.mountinfo("25 1 0:23 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755",
                "26 25 0:24 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw",
                "27 25 0:25 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory");
        tree.file(CG + "unified/cgroup.controllers", "");

        Support support = new CgroupV2DriverFactory().isSupported(host);

        assertFalse(support.supported());
        assertEquals(root.resolve(CG) + " is not a cgroup2 mount (a cgroup v1 hybrid host: "
                + "cgroup2 is mounted only at " + root.resolve(CG + "unified") + ", which holds no controllers); "
                + "use the v1 cgroup driver", support.reason());
    }

    @Test
    void aDirectoryThatLooksLikeCgroup2ButIsNotMountedIsNotTrusted() {
        tree.mountinfo("25 1 0:23 / /sys/fs/cgroup rw - tmpfs tmpfs rw");
        tree.file(CG + "cgroup.controllers", "cpu memory\n");

        assertFalse(new CgroupV2DriverFactory().isSupported(host).supported());
    }

    @Test
    void aUnifiedHostWithoutControllersIsNotSupported() {
        unifiedHost("");

        Support support = new CgroupV2DriverFactory().isSupported(host);

        assertFalse(support.supported());
        assertTrue(support.reason().contains("offers no controllers"), support.reason());
    }

    @Test
    void v2OutranksV1ForAuto() {
        assertEquals(100, new CgroupV2DriverFactory().priority());
        assertEquals("v2", new CgroupV2DriverFactory().name());
    }

    @Test
    void serviceLoaderFindsThePluginAndItsFactory() {
        List<String> names = ServiceLoader.load(Plugin.class).stream()
                .flatMap(p -> p.get().cgroupDrivers().stream())
                .map(CgroupDriverFactory::name)
                .toList();
        assertEquals(List.of("v2"), names);
    }

    @Test
    void aMissingControllerIsNamedWithWhatTheHostOffers() {
        unifiedHost("cpu pids");
        CgroupV2Driver driver = new CgroupV2Driver(root.resolve(CG));

        CgroupException e = assertThrows(CgroupException.class, () -> driver.create("c1",
                Resources.builder().memory(64 * MB).build()));

        assertEquals("cgroup v2 controller \"memory\" is not available on this host (cgroup.controllers of "
                + root.resolve(CG) + " lists: cpu pids)", e.getMessage());
        assertFalse(tree.exists(CG + "jocker/c1"));
        assertEquals("", tree.read(CG + "cgroup.subtree_control"), "nothing enabled for a refused create");
    }

    @Test
    void limitsNeedingNoControllerWorkWithoutAny() throws Exception {
        unifiedHost("");
        CgroupV2Driver driver = new CgroupV2Driver(root.resolve(CG));

        driver.create("c1", Resources.builder().oomKillDisable(Boolean.TRUE).build());

        assertTrue(tree.exists(CG + "jocker/c1"));
        assertEquals(Set.of(), tree.files(CG + "jocker/c1"), "--oom-kill-disable is discarded on v2, as by Docker");
    }

    @Test
    void onlyNeededAndAvailableControllersAreEnabledInEachParent() throws Exception {
        unifiedHost("cpuset cpu io memory pids hugetlb");
        CgroupV2Driver driver = new CgroupV2Driver(root.resolve(CG));

        driver.create("c1", Resources.builder().cpusetCpus("1").build());

        assertEquals("+cpuset +cpu +memory +pids", tree.read(CG + "cgroup.subtree_control"));
        assertEquals("+cpuset +cpu +memory +pids", tree.read(CG + "jocker/cgroup.subtree_control"));
    }

    @Test
    void controllersAlreadyEnabledAreNotWrittenAgain() throws Exception {
        unifiedHost("cpu memory pids");
        tree.file(CG + "cgroup.subtree_control", "cpu memory pids\n");
        tree.file(CG + "jocker/cgroup.subtree_control", "cpu memory\n");
        CgroupV2Driver driver = new CgroupV2Driver(root.resolve(CG));

        driver.create("c1", Resources.none());

        assertEquals("cpu memory pids", tree.read(CG + "cgroup.subtree_control"));
        assertEquals("+pids", tree.read(CG + "jocker/cgroup.subtree_control"));
    }

    @Test
    void controllersListsWhatTheRootOffers() {
        unifiedHost("cpuset cpu memory");

        assertEquals(List.of("cpuset", "cpu", "memory"), new CgroupV2Driver(root.resolve(CG)).controllers());
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "1024, 39", "512, 20", "262144, 10000", "100, 4", "0, 0"})
    void sharesBecomeWeightTheWayRuncConvertsThem(long shares, long weight) {
        assertEquals(weight, CpuWeight.fromShares(shares));
    }

    @Test
    void swapIsTheDifferenceOrMax() throws Exception {
        assertEquals(List.of(new LimitWrite("memory", "memory.max", "33554432"),
                        new LimitWrite("memory", "memory.swap.max", "33554432")),
                V2Limits.writes(Resources.builder().memory(32 * MB).memorySwap(64 * MB).build(),
                        V2Limits.CurrentValues.NONE));
        assertEquals(List.of(new LimitWrite("memory", "memory.max", "33554432"),
                        new LimitWrite("memory", "memory.swap.max", "max")),
                V2Limits.writes(Resources.builder().memory(32 * MB).memorySwap(-1L).build(),
                        V2Limits.CurrentValues.NONE));
    }

    @Test
    void swapAloneUsesTheCurrentMemoryLimit() throws Exception {
        Resources swapOnly = Resources.builder().memorySwap(96 * MB).build();

        assertEquals(List.of(new LimitWrite("memory", "memory.swap.max", Long.toString(64 * MB))),
                V2Limits.writes(swapOnly, file -> Optional.of(Long.toString(32 * MB))));
        assertEquals("You should always set the Memory limit when using Memoryswap limit, see usage",
                assertThrows(CgroupException.class, () -> V2Limits.writes(swapOnly, file -> Optional.of("max")))
                        .getMessage());
    }

    @Test
    void cpuMaxKeepsTheFieldNotGiven() throws Exception {
        Resources quotaOnly = Resources.builder().cpuQuota(20_000L).build();
        Resources periodOnly = Resources.builder().cpuPeriod(50_000L).build();
        Resources unlimited = Resources.builder().cpuQuota(-1L).build();

        assertEquals("20000 100000", V2Limits.writes(quotaOnly, V2Limits.CurrentValues.NONE).get(0).value());
        assertEquals("20000 250000", V2Limits.writes(quotaOnly, f -> Optional.of("max 250000")).get(0).value());
        assertEquals("30000 50000", V2Limits.writes(periodOnly, f -> Optional.of("30000 100000")).get(0).value());
        assertEquals("max 100000", V2Limits.writes(unlimited, V2Limits.CurrentValues.NONE).get(0).value());
    }

    @Test
    void unlimitedPidsAndMemoryAreMax() throws Exception {
        assertEquals(List.of(new LimitWrite("memory", "memory.max", "max"), new LimitWrite("pids", "pids.max", "max")),
                V2Limits.writes(Resources.builder().memory(-1L).pidsLimit(-1L).build(),
                        V2Limits.CurrentValues.NONE));
    }
}
