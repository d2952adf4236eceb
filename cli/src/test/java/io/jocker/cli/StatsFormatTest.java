package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.engine.stats.ContainerStats;
import io.jocker.cli.template.Template;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StatsFormatTest {

    private static final ContainerStats WEB = new ContainerStats("0123456789ab" + "c".repeat(52), "web", 12.345,
            1_589_248, 8_345_000_000L, 0.019, 1450, 648, 4_096_000, 0, 3);

    /** Expected values from go-units' BytesSize ("%.4g", base 1024). */
    @ParameterizedTest
    @CsvSource({"0, 0B", "512, 512B", "1023, 1023B", "1024, 1KiB", "1536, 1.5KiB", "1589248, 1.516MiB",
        "33554432, 32MiB", "8345000000, 7.772GiB", "1048575, 1024KiB"})
    void binarySizesAsBytesSize(long bytes, String expected) {
        assertEquals(expected, StatsFormat.binary(bytes));
    }

    /** Expected values from go-units' HumanSizeWithPrecision(size, 3) (base 1000), including its exponent form. */
    @ParameterizedTest
    @CsvSource({"0, 0B", "648, 648B", "1450, 1.45kB", "4096000, 4.1MB", "999, 999B", "999999, 1e+03kB",
        "12345678901, 12.3GB"})
    void decimalSizesAsHumanSize(long bytes, String expected) {
        assertEquals(expected, StatsFormat.decimal(bytes));
    }

    @Test
    void aRowHasDockersFieldsAndJsonInGoMapOrder() {
        assertEquals("0123456789ab web 12.35% 1.516MiB / 7.772GiB 0.02% 1.45kB / 648B 4.1MB / 0B 3",
                Template.parse("{{.ID}} {{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.MemPerc}} {{.NetIO}} {{.BlockIO}} {{.PIDs}}")
                        .execute(StatsFormat.row(WEB, "web", false)));
        assertEquals(WEB.id(), Template.parse("{{.ID}}").execute(StatsFormat.row(WEB, "web", true)));
        assertEquals("{\"BlockIO\":\"4.1MB / 0B\",\"CPUPerc\":\"12.35%\",\"Container\":\"web\",\"ID\":\"0123456789ab\","
                + "\"MemPerc\":\"0.02%\",\"MemUsage\":\"1.516MiB / 7.772GiB\",\"Name\":\"web\",\"NetIO\":\"1.45kB / 648B\",\"PIDs\":\"3\"}",
                Template.parse("{{json .}}").execute(StatsFormat.row(WEB, "web", false)));
    }
}
