package io.jocker.cli;

import io.jocker.cli.template.GoStruct;
import io.jocker.engine.stats.ContainerStats;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/** The cells of a {@code stats} line, formatted exactly as the Docker CLI formats them. */
final class StatsFormat {

    static final String DEFAULT_TABLE =
            "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

    static final Map<String, String> HEADERS = Map.of("Container", "CONTAINER", "Name", "NAME", "ID", "CONTAINER ID",
            "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET I/O", "BlockIO", "BLOCK I/O",
            "PIDs", "PIDS");

    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private StatsFormat() {}

    /** Docker's {@code statsContext}: its fields in name order, as its {@code {{json .}}} sorts them. */
    static GoStruct row(ContainerStats s, String container, boolean noTrunc) {
        return GoStruct.builder("*container.statsContext")
                .field("BlockIO", decimal(s.blockRead()) + " / " + decimal(s.blockWrite()))
                .field("CPUPerc", percent(s.cpuPercent()))
                .field("Container", container)
                .field("ID", id(s, noTrunc))
                .field("MemPerc", percent(s.memoryPercent()))
                .field("MemUsage", memory(s))
                .field("Name", s.name())
                .field("NetIO", decimal(s.netRx()) + " / " + decimal(s.netTx()))
                .field("PIDs", Long.toString(s.pids()))
                .escapesHtml()
                .build();
    }

    private static String id(ContainerStats s, boolean noTrunc) {
        return noTrunc ? s.id() : s.id().substring(0, 12);
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }

    private static String memory(ContainerStats s) {
        return binary(s.memoryUsage()) + " / " + binary(s.memoryLimit());
    }

    /** go-units' {@code BytesSize}: binary units, {@code %.4g}, e.g. {@code 1.516MiB}. */
    static String binary(long bytes) {
        return scaled(bytes, 1024, BINARY, 4);
    }

    /** go-units' {@code HumanSizeWithPrecision(size, 3)}: decimal units, e.g. {@code 1.45kB}. */
    static String decimal(long bytes) {
        return scaled(bytes, 1000, DECIMAL, 3);
    }

    private static String scaled(long bytes, int base, String[] units, int precision) {
        double value = bytes;
        int unit = 0;
        while (value >= base && unit < units.length - 1) {
            value /= base;
            unit++;
        }
        return goG(value, precision) + units[unit];
    }

    /** Go's {@code %.Ng}: N significant digits, no trailing zeros, exponent form for large exponents. */
    static String goG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + String.format(Locale.ROOT, "e%s%02d", exponent < 0 ? "-" : "+",
                    Math.abs(exponent));
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
