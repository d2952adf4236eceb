package io.jocker.engine.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceParserTest {

    private static final long MB = 1024 * 1024;

    private final ResourceParser parser = new ResourceParser(new HostResources(2, "0-1", "0"));

    private static ResourceFlags memory(String memory, String swap, String reservation) {
        return new ResourceFlags(memory, swap, reservation, null, null, null, null, null, null, null, false);
    }

    private static ResourceFlags cpu(String cpus, String shares, String period, String quota) {
        return new ResourceFlags(null, null, null, cpus, shares, period, quota, null, null, null, false);
    }

    private static ResourceFlags cpuset(String cpus, String mems) {
        return new ResourceFlags(null, null, null, null, null, null, null, cpus, mems, null, false);
    }

    private Resources parse(ResourceFlags flags) throws InvalidResourceException {
        return parser.parse(flags).resources();
    }

    private String error(ResourceFlags flags) {
        return assertThrows(InvalidResourceException.class, () -> parser.parse(flags)).getMessage();
    }

    @ParameterizedTest
    @CsvSource({
        "7340032, 7340032",
        "7168k, 7340032", "7168K, 7340032", "7168kb, 7340032", "7168KiB, 7340032",
        "32m, 33554432", "32M, 33554432", "32mb, 33554432", "32MB, 33554432", "32mib, 33554432", "'32 m', 33554432",
        "1g, 1073741824", "1G, 1073741824", "1.5g, 1610612736", "1gb, 1073741824",
        "1t, 1099511627776", "1p, 1125899906842624",
        "7340032b, 7340032", "7340032B, 7340032"
    })
    void memoryUnitsFollowRamInBytes(String flag, long bytes) throws Exception {
        assertEquals(bytes, parse(memory(flag, null, null)).memory());
    }

    @ParameterizedTest
    @CsvSource({"12q", "m", "-32m", "32 mm", "32mbb", "0x10m", "''"})
    void malformedSizesAreRejectedInDockersWords(String flag) {
        assertEquals("invalid argument \"" + flag + "\" for \"-m, --memory\" flag: invalid size: '" + flag + "'",
                error(memory(flag, null, null)));
    }

    @Test
    void aNumberWithSeveralDotsFailsLikeGosParseFloat() {
        assertEquals("invalid argument \"1.2.3m\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \"1.2.3\": "
                + "invalid syntax", error(memory("1.2.3m", null, null)));
    }

    @Test
    void memoryBelowSixMegabytesIsRefused() {
        assertEquals("Minimum memory limit allowed is 6MB", error(memory("4m", null, null)));
        assertEquals("Minimum memory limit allowed is 6MB", error(memory("6291455", null, null)));
    }

    @Test
    void exactlySixMegabytesIsAllowed() throws Exception {
        assertEquals(6 * MB, parse(memory("6m", null, null)).memory());
    }

    @Test
    void swapDefaultsToTwiceTheMemory() throws Exception {
        Resources r = parse(memory("32m", null, null));
        assertEquals(32 * MB, r.memory());
        assertEquals(64 * MB, r.memorySwap());
    }

    @Test
    void swapIsKeptAsGivenOrUnlimited() throws Exception {
        assertEquals(96 * MB, parse(memory("32m", "96m", null)).memorySwap());
        assertEquals(-1L, parse(memory("32m", "-1", null)).memorySwap());
    }

    @Test
    void swapSmallerThanMemoryIsRefused() {
        assertEquals("Minimum memoryswap limit should be larger than memory limit, see usage",
                error(memory("64m", "32m", null)));
    }

    @Test
    void swapWithoutMemoryIsRefusedOnRunButAllowedOnUpdate() throws Exception {
        assertEquals("You should always set the Memory limit when using Memoryswap limit, see usage",
                error(memory(null, "64m", null)));
        Resources update = parser.parseUpdate(memory(null, "64m", null)).resources();
        assertEquals(64 * MB, update.memorySwap());
        assertNull(update.memory());
    }

    @Test
    void updateDoesNotDefaultTheSwap() throws Exception {
        assertNull(parser.parseUpdate(memory("32m", null, null)).resources().memorySwap());
    }

    @Test
    void malformedSwapNamesItsFlag() {
        assertEquals("invalid argument \"1x\" for \"--memory-swap\" flag: invalid size: '1x'", error(memory("32m", "1x", null)));
    }

    @Test
    void reservationIsParsedAndChecked() throws Exception {
        assertEquals(16 * MB, parse(memory("32m", null, "16m")).memoryReservation());
        assertEquals("Minimum memory limit can not be less than memory reservation limit, see usage",
                error(memory("32m", null, "64m")));
        assertEquals("Minimum memory reservation allowed is 6MB", error(memory(null, null, "1m")));
        assertEquals("invalid argument \"z\" for \"--memory-reservation\" flag: invalid size: 'z'",
                error(memory(null, null, "z")));
    }

    @ParameterizedTest
    @CsvSource({"0.5, 50000", "1, 100000", "1.5, 150000", "2, 200000", "2.00, 200000", "0.01, 1000", "0.333, 33300"})
    void cpusBecomeQuotaPerDefaultPeriod(String cpus, long quota) throws Exception {
        Resources r = parse(cpu(cpus, null, null, null));
        assertEquals(100_000L, r.cpuPeriod());
        assertEquals(quota, r.cpuQuota());
    }

    @Test
    void zeroCpusIsRefused() {
        InvalidResourceException e = assertThrows(InvalidResourceException.class, () -> parse(cpu("0", null, null, null)));
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"3", "2.001", "-1", "0.001"})
    void cpusOutOfRangeAreRefused(String cpus) {
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
                error(cpu(cpus, null, null, null)));
    }

    @Test
    void malformedCpusAreRefused() {
        assertEquals("invalid argument \"abc\" for \"--cpus\" flag: failed to parse abc as a rational number",
                error(cpu("abc", null, null, null)));
        assertEquals("invalid argument \"0.0000000001\" for \"--cpus\" flag: value is too precise",
                error(cpu("0.0000000001", null, null, null)));
    }

    @Test
    void cpusConflictWithPeriodAndQuota() {
        assertEquals("Conflicting options: Nano CPUs and CPU Period cannot both be set",
                error(cpu("1", null, "50000", null)));
        assertEquals("Conflicting options: Nano CPUs and CPU Quota cannot both be set",
                error(cpu("1", null, null, "50000")));
    }

    @Test
    void periodAndQuotaArePassedThrough() throws Exception {
        Resources r = parse(cpu(null, null, "50000", "25000"));
        assertEquals(50_000L, r.cpuPeriod());
        assertEquals(25_000L, r.cpuQuota());
        assertEquals(-1L, parse(cpu(null, null, null, "-1")).cpuQuota());
    }

    @Test
    void periodAndQuotaBoundsUseDockersWords() {
        String period = "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)";
        assertEquals(period, error(cpu(null, null, "999", null)));
        assertEquals(period, error(cpu(null, null, "1000001", null)));
        assertEquals("CPU cfs quota can not be less than 1ms (i.e. 1000)", error(cpu(null, null, null, "999")));
    }

    @Test
    void sharesAreClampedToTheKernelRange() throws Exception {
        assertEquals(512L, parse(cpu(null, "512", null, null)).cpuShares());
        assertEquals(2L, parse(cpu(null, "1", null, null)).cpuShares());
        assertEquals(262144L, parse(cpu(null, "1000000", null, null)).cpuShares());
        assertNull(parse(cpu(null, "0", null, null)).cpuShares());
        assertEquals("shares: invalid argument", error(cpu(null, "-5", null, null)));
    }

    @Test
    void malformedIntegersFailLikeGosParseInt() {
        assertEquals("invalid argument \"abc\" for \"-c, --cpu-shares\" flag: strconv.ParseInt: parsing \"abc\": "
                + "invalid syntax", error(cpu(null, "abc", null, null)));
        assertEquals("invalid argument \"99999999999999999999\" for \"--cpu-period\" flag: strconv.ParseInt: "
                + "parsing \"99999999999999999999\": value out of range", error(cpu(null, null, "99999999999999999999", null)));
        assertEquals("invalid argument \"1.5\" for \"--cpu-quota\" flag: strconv.ParseInt: parsing \"1.5\": "
                + "invalid syntax", error(cpu(null, null, null, "1.5")));
    }

    @Test
    void cpusetListsWithinTheHostAreKept() throws Exception {
        Resources r = parse(cpuset("0-1", "0"));
        assertEquals("0-1", r.cpusetCpus());
        assertEquals("0", r.cpusetMems());
        assertEquals("1", parse(cpuset("1", null)).cpusetCpus());
        assertEquals("0,1", parse(cpuset("0,1", null)).cpusetCpus());
    }

    @Test
    void cpusetOutsideTheHostIsRefused() {
        assertEquals("Requested CPUs are not available - requested 99, available: 0-1", error(cpuset("99", null)));
        assertEquals("Requested CPUs are not available - requested 0-2, available: 0-1", error(cpuset("0-2", null)));
        assertEquals("Requested memory nodes are not available - requested 1, available: 0", error(cpuset(null, "1")));
    }

    @ParameterizedTest
    @CsvSource({"a", "1-", "-1", "2-1", "'0,,1'", "'0,'", "1-2-3", "0-99999999999"})
    void malformedCpusetListsAreRefused(String list) {
        assertEquals("Invalid value " + list + " for cpuset cpus", error(cpuset(list, null)));
        assertEquals("Invalid value " + list + " for cpuset mems", error(cpuset(null, list)));
    }

    @Test
    void pidsLimitAndUnlimited() throws Exception {
        assertEquals(10L, parse(new ResourceFlags(null, null, null, null, null, null, null, null, null, "10", false)).pidsLimit());
        assertEquals(-1L, parse(new ResourceFlags(null, null, null, null, null, null, null, null, null, "-1", false)).pidsLimit());
        assertEquals(-1L, parse(new ResourceFlags(null, null, null, null, null, null, null, null, null, "0", false)).pidsLimit());
        assertEquals("invalid argument \"ten\" for \"--pids-limit\" flag: strconv.ParseInt: parsing \"ten\": invalid syntax",
                error(new ResourceFlags(null, null, null, null, null, null, null, null, null, "ten", false)));
    }

    @Test
    void oomKillDisableWithoutMemoryWarns() throws Exception {
        ParsedResources parsed = parser.parse(new ResourceFlags(null, null, null, null, null, null, null, null, null, null, true));
        assertEquals(Boolean.TRUE, parsed.resources().oomKillDisable());
        assertEquals(List.of("WARNING: Disabling the OOM killer on containers without setting a '-m/--memory' limit "
                + "may be dangerous."), parsed.warnings());

        ParsedResources limited = parser.parse(new ResourceFlags("32m", null, null, null, null, null, null, null, null, null, true));
        assertTrue(limited.warnings().isEmpty());
    }

    @Test
    void noFlagsGiveNoLimits() throws Exception {
        ParsedResources parsed = parser.parse(ResourceFlags.none());
        assertEquals(Resources.none(), parsed.resources());
        assertTrue(parsed.warnings().isEmpty());
    }
}
