package io.jocker.engine.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.container.ContainerTestbed;
import io.jocker.spi.CgroupException;
import io.jocker.spi.CgroupStats;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.Host;
import io.jocker.spi.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples against a fake /proc: the machine's CPU time, its memory and the container's interfaces. */
class StatsServiceTest {

    @TempDir
    Path root;

    private final ContainerCgroup cgroup = mock(ContainerCgroup.class);
    private ContainerTestbed bed;
    private StatsService service;
    private ContainerRecord web;

    @BeforeEach
    void setUp() throws Exception {
        bed = new ContainerTestbed(root.resolve("jocker"));
        Path proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("stat"), "cpu  100 20 30 400 5 6 7 8 9 10\ncpu0 50 10 15 200 2 3 3 4 0 0\nintr 1 2\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       24731756 kB\nMemFree:        21000000 kB\n");
        web = bed.running("web", Status.RUNNING, Resources.none());
        Path net = Files.createDirectories(proc.resolve(Long.toString(web.state().pid())).resolve("net"));
        Files.writeString(net.resolve("dev"), """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:  999999      10    0    0    0     0          0         0   999999      10    0    0    0     0       0          0
                  eth0:    1500      12    0    0    0     0          0         0      700       8    0    0    0     0       0          0
                  eth1:     500       2    0    0    0     0          0         0      300       1    0    0    0     0       0          0
                """);
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        service = new StatsService(bed.drivers, bed.lookup, new Host(root, "6.18", 2), clock);
    }

    @Test
    void aRunningContainerIsSampledFromItsCgroupAndTheHost() throws Exception {
        CgroupStats usage = new CgroupStats(123, 456, 789, 3, 10, 20);
        when(bed.cgroups.open(web.id())).thenReturn(Optional.of(cgroup));
        when(cgroup.stats()).thenReturn(usage);

        StatsSample s = service.sample(web);

        assertTrue(s.running());
        assertEquals((100 + 20 + 30 + 400 + 5 + 6 + 7 + 8) * 10_000_000L, s.systemCpuNanos(), "first 8 fields of cpu, in ns");
        assertEquals(24731756L * 1024, s.hostMemory());
        assertEquals(2, s.onlineCpus());
        assertEquals(usage, s.cgroup());
        assertEquals(2000, s.netRx(), "loopback excluded");
        assertEquals(1000, s.netTx());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), s.at());
    }

    @Test
    void aStoppedContainerOrOneWithoutCgroupSamplesAsNotRunning() throws Exception {
        ContainerRecord down = bed.exited("down", Resources.none());
        assertFalse(service.sample(down).running());
        when(bed.cgroups.open(web.id())).thenReturn(Optional.empty());
        assertFalse(service.sample(web).running());
    }

    @Test
    void aCgroupThatCannotBeReadWhileTheContainerRunsIsAnError() throws Exception {
        when(bed.cgroups.open(web.id())).thenReturn(Optional.of(cgroup));
        when(cgroup.stats()).thenThrow(new CgroupException("cannot read memory.usage_in_bytes"));

        EngineException e = assertThrows(EngineException.class, () -> service.sample(web));

        assertEquals("cannot read the stats of container " + web.id() + ": cannot read memory.usage_in_bytes", e.getMessage());
    }

    @Test
    void runningListsOnlyLiveContainers() throws Exception {
        bed.exited("down", Resources.none());
        ContainerRecord paused = bed.running("frozen", Status.PAUSED, Resources.none());

        List<String> names = service.running().stream().map(ContainerRecord::name).sorted().toList();

        assertEquals(List.of("frozen", "web"), names);
        assertEquals(3, service.all().size());
        assertEquals(paused.id(), service.find("frozen").id());
    }
}
