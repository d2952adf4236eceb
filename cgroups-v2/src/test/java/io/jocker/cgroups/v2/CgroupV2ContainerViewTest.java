package io.jocker.cgroups.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jocker.engine.container.DefaultSecurity;
import io.jocker.linux.Fds;
import io.jocker.namespaces.NamespacesIsolatorFactory;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.DriverContext;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.Host;
import io.jocker.spi.Isolator;
import io.jocker.spi.ProcessSpec;
import io.jocker.spi.Resources;
import io.jocker.spi.Stdio;
import io.jocker.spi.User;
import io.jocker.testing.cgroups.CgroupLeaks;
import io.jocker.testing.cgroups.TestProcess;
import io.jocker.testing.image.BusyboxRootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real container on a pure cgroup v2 host (the VM of {@code run-v2-tests.sh}) sees its own
 * cgroup as the unified tree at /sys/fs/cgroup: its memory limit, read-only. One container only:
 * its init JVM is slow under emulation.
 */
@Tag("cgroup2-vm")
class CgroupV2ContainerViewTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path temp;

    private final Host host = Host.current();
    private final String id = CgroupLeaks.testId();
    private ContainerCgroup cgroup;

    @AfterEach
    void cleanUp() throws Exception {
        if (cgroup != null) {
            cgroup.killAll();
            cgroup.destroy();
        }
        CgroupLeaks.assertNoCgroup(host.cgroupRoot(), id);
    }

    @Test
    void theContainerReadsItsMemoryLimitAtSysFsCgroupAndCannotWriteIt() throws Exception {
        assumeTrue(Cgroup2Roots.isRoot(), "needs root for containers");
        assumeTrue(Cgroup2Roots.withControllers().isPresent(), "needs a pure cgroup v2 host");
        assumeTrue(TestProcess.busyboxAvailable(), "needs busybox-static at " + TestProcess.BUSYBOX);
        Path rootfs = Files.createDirectory(temp.resolve("rootfs"));
        Process untar = new ProcessBuilder("tar", "-xf", BusyboxRootfs.tar().toString(), "-C", rootfs.toString()).inheritIO().start();
        assertEquals(0, untar.waitFor(), "unpacking the busybox rootfs");

        Resources limits = Resources.builder().memory(64 * MB).build();
        cgroup = new CgroupV2Driver(host.cgroupRoot()).create(id, limits);
        Isolator isolator = new NamespacesIsolatorFactory().create(new DriverContext(host, temp, null, Map.of()));
        String script = "cat /sys/fs/cgroup/memory.max /proc/self/cgroup > /result;"
                + " echo 1 > /sys/fs/cgroup/memory.max || echo refused >> /result";
        int devNull = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
        ContainerProcess process;
        try {
            process = isolator.start(ContainerSpec.builder().id(id).rootfs(rootfs).hostname("v2")
                    .process(new ProcessSpec(List.of("sh", "-c", script), List.of("PATH=/bin"), "/", User.ROOT))
                    .cgroupMounts(cgroup.mounts()).security(DefaultSecurity.of(false)).stdio(Stdio.of(devNull, devNull, devNull))
                    .build(), cgroup::addProcess);
        } finally {
            Fds.close(devNull);
        }

        assertEquals(ExitStatus.exited(0), process.waitFor());
        assertEquals("67108864\n0::/\nrefused\n", Files.readString(rootfs.resolve("result")),
                "the -m limit, the container's cgroup as the root, the write refused");
    }
}
