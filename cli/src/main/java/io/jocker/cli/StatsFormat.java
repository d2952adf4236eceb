package io.jocker.cli;

import io.jocker.engine.stats.ContainerStats;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The cells of a {@code stats} line, formatted exactly as the Docker CLI formats them. */
final class StatsFormat {

    static final String[] HEADER = {"CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"};

    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private StatsFormat() {}

    static String[] row(ContainerStats s, boolean noTrunc) {
        return new String[] {id(s, noTrunc), s.name(), percent(s.cpuPercent()), memory(s), percent(s.memoryPercent()),
                decimal(s.netRx()) + " / " + decimal(s.netTx()), decimal(s.blockRead()) + " / " + decimal(s.blockWrite()),
                Long.toString(s.pids())};
    }

    /** Docker's {@code --format json} object: its keys, sorted as Go sorts a map's. */
    static Map<String, String> json(ContainerStats s, String container, boolean noTrunc) {
        Map<String, String> json = new TreeMap<>();
        json.put("BlockIO", decimal(s.blockRead()) + " / " + decimal(s.blockWrite()));
        json.put("CPUPerc", percent(s.cpuPercent()));
        json.put("Container", container);
        json.put("ID", id(s, noTrunc));
        json.put("MemPerc", percent(s.memoryPercent()));
        json.put("MemUsage", memory(s));
        json.put("Name", s.name());
        json.put("NetIO", decimal(s.netRx()) + " / " + decimal(s.netTx()));
        json.put("PIDs", Long.toString(s.pids()));
        return json;
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
