package io.jocker.engine.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.spi.CgroupStats;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerStatsTest {

    private static final long GB = 1L << 30;

    private static StatsSample sample(boolean running, long system, long cpu, long memory, long limit) {
        return new StatsSample("a".repeat(64), "web", running, Instant.EPOCH, system, 2, 8 * GB,
                new CgroupStats(cpu, memory, limit, 3, 4096, 512), 100, 200);
    }

    @Test
    void cpuPercentIsTheShareOfMachineTimeTimesTheCpuCountAsDockerComputesIt() {
        // One second on a 2-CPU machine is 2e9 ns of system time; the container used 0.5e9 ns: 25% of it, 50% of one CPU.
        ContainerStats s = ContainerStats.between(sample(true, 10_000_000_000L, 1_000_000_000L, 0, Long.MAX_VALUE),
                sample(true, 12_000_000_000L, 1_500_000_000L, 0, Long.MAX_VALUE));
        assertEquals(50.0, s.cpuPercent(), 1e-9);
    }

    @Test
    void noCpuPercentWithoutProgressOrWithoutAPreviousRunningSample() {
        StatsSample first = sample(true, 10, 5, 0, Long.MAX_VALUE);
        assertEquals(0.0, ContainerStats.between(first, first).cpuPercent());
        assertEquals(0.0, ContainerStats.between(sample(false, 0, 0, 0, 0), sample(true, 20, 10, 0, Long.MAX_VALUE)).cpuPercent());
    }

    @Test
    void memoryPercentIsOfTheLimitAndAnUnlimitedContainerIsCappedAtTheHostsMemory() {
        ContainerStats limited = ContainerStats.between(sample(true, 0, 0, 0, 0), sample(true, 1, 0, 8L << 20, 32L << 20));
        assertEquals(32L << 20, limited.memoryLimit());
        assertEquals(25.0, limited.memoryPercent(), 1e-9);
        ContainerStats unlimited = ContainerStats.between(sample(true, 0, 0, 0, 0), sample(true, 1, 0, GB, Long.MAX_VALUE));
        assertEquals(8 * GB, unlimited.memoryLimit());
        assertEquals(12.5, unlimited.memoryPercent(), 1e-9);
    }

    @Test
    void countersArePassedThrough() {
        ContainerStats s = ContainerStats.between(sample(true, 0, 0, 0, 0), sample(true, 1, 0, 1, 2));
        assertEquals(100, s.netRx());
        assertEquals(200, s.netTx());
        assertEquals(4096, s.blockRead());
        assertEquals(512, s.blockWrite());
        assertEquals(3, s.pids());
        assertEquals("web", s.name());
    }

    @Test
    void aStoppedContainerReadsAsZeros() {
        ContainerStats s = ContainerStats.between(sample(true, 0, 0, 5, 10), sample(false, 10, 10, 5, 10));
        assertEquals(new ContainerStats("a".repeat(64), "web", 0, 0, 0, 0, 0, 0, 0, 0, 0), s);
    }
}
