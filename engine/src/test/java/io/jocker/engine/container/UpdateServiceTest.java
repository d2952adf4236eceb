package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.CgroupException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.Resources;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateServiceTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path root;

    private final ContainerCgroup cgroup = mock(ContainerCgroup.class);
    private ContainerTestbed bed;
    private UpdateService service;

    @BeforeEach
    void setUp() {
        bed = new ContainerTestbed(root);
        service = new UpdateService(() -> bed.store, bed.drivers, bed.lookup, bed.events);
    }

    private static Resources memory(Long memory, Long swap) {
        return Resources.builder().memory(memory).memorySwap(swap).build();
    }

    private static Resources pids(long limit) {
        return Resources.builder().pidsLimit(limit).build();
    }

    @Test
    void aRunningContainersCgroupGetsOnlyTheChangeAndTheRecordKeepsTheMerge() throws Exception {
        ContainerRecord record = bed.running("web", Status.RUNNING, Resources.builder().memory(32 * MB).memorySwap(64 * MB).cpuPeriod(100_000L).cpuQuota(50_000L).cpusetCpus("0").build());
        when(bed.cgroups.open(record.id())).thenReturn(Optional.of(cgroup));

        service.update("web", pids(10));

        verify(cgroup).update(pids(10));
        Resources saved = bed.store.load(record.id()).orElseThrow().hostConfig().resources();
        assertEquals(Resources.builder().memory(32 * MB).memorySwap(64 * MB).cpuPeriod(100_000L).cpuQuota(50_000L).cpusetCpus("0").pidsLimit(10L).build(), saved);
    }

    @Test
    void aPausedContainerIsUpdatedLikeARunningOne() throws Exception {
        ContainerRecord record = bed.running("web", Status.PAUSED, Resources.none());
        when(bed.cgroups.open(record.id())).thenReturn(Optional.of(cgroup));

        service.update("web", memory(64 * MB, null));

        verify(cgroup).update(memory(64 * MB, null));
    }

    @Test
    void aStoppedContainerOnlyGetsItsRecordChanged() throws Exception {
        ContainerRecord record = bed.exited("down", memory(32 * MB, 64 * MB));

        service.update("down", memory(48 * MB, null));

        verify(bed.cgroups, never()).open(any());
        assertEquals(memory(48 * MB, 64 * MB), bed.store.load(record.id()).orElseThrow().hostConfig().resources());
    }

    @Test
    void memoryAboveTheCurrentSwapLimitNeedsANewSwapLimitAsInDocker() throws Exception {
        ContainerRecord record = bed.running("web", Status.RUNNING, memory(32 * MB, 64 * MB));
        when(bed.cgroups.open(record.id())).thenReturn(Optional.of(cgroup));

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> service.update("web", memory(128 * MB, null)));

        assertEquals("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the "
                + "same time", e.getMessage());
        verify(cgroup, never()).update(any());
        service.update("web", memory(128 * MB, 256 * MB));
        verify(cgroup).update(memory(128 * MB, 256 * MB));
    }

    @Test
    void unlimitedSwapAllowsAnyMemoryLimit() throws Exception {
        ContainerRecord record = bed.running("web", Status.RUNNING, memory(32 * MB, -1L));
        when(bed.cgroups.open(record.id())).thenReturn(Optional.of(cgroup));

        service.update("web", memory(512 * MB, null));

        assertEquals(memory(512 * MB, -1L), bed.store.load(record.id()).orElseThrow().hostConfig().resources());
    }

    @Test
    void aLimitTheKernelRefusesLeavesTheRecordUnchanged() throws Exception {
        ContainerRecord record = bed.running("web", Status.RUNNING, memory(32 * MB, 64 * MB));
        when(bed.cgroups.open(record.id())).thenReturn(Optional.of(cgroup));
        doThrow(new CgroupException("cannot write \"1\" to cpuset.cpus: Invalid argument")).when(cgroup).update(any());

        EngineException e = assertThrows(EngineException.class, () -> service.update("web", memory(48 * MB, null)));

        assertEquals("Cannot update container " + record.id() + ": cannot write \"1\" to cpuset.cpus: Invalid argument",
                e.getMessage());
        assertEquals(memory(32 * MB, 64 * MB), bed.store.load(record.id()).orElseThrow().hostConfig().resources());
    }

    @Test
    void anUnknownContainerIsReported() {
        assertEquals("No such container: nosuch",
                assertThrows(NoSuchContainerException.class, () -> service.update("nosuch", pids(5))).getMessage());
    }
}
