package io.jocker.engine.filter;

import io.jocker.engine.base.InvalidRequestException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times Docker's {@code --since}, {@code --until} and {@code until=} take (its
 * {@code GetTimestamp}): a Go duration before now ({@code 10m}, {@code 1h30m}, {@code 1.5h}),
 * Unix seconds with an optional fraction, or an RFC 3339 time, a date, a date and hour or a date,
 * hour and minute, in the local time zone when no zone is given.
 */
public final class Timestamps {

    private static final Pattern DURATION = Pattern.compile("[-+]?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern UNIX = Pattern.compile("(\\d+)(?:\\.(\\d{1,9}))?");

    private Timestamps() {}

    public static Instant parse(String value, Instant now) {
        return parse(value, now, ZoneId.systemDefault());
    }

    static Instant parse(String value, Instant now, ZoneId zone) {
        if (!value.equals("0") && DURATION.matcher(value).matches()) {
            return now.minus(duration(value));
        }
        boolean local = !value.matches(".*[zZ+].*") && value.chars().filter(c -> c == '-').count() != 3;
        try {
            return local ? LocalDateTime.parse(value, localFormat(value)).atZone(zone).toInstant()
                    : OffsetDateTime.parse(value, zonedFormat(value)).toInstant();
        } catch (DateTimeException e) {
            if (value.contains("-")) {
                throw new InvalidRequestException("failed to parse value as time or duration: \"" + value + "\"");
            }
        }
        Matcher unix = UNIX.matcher(value);
        if (!unix.matches()) {
            throw new InvalidRequestException("failed to parse value as time or duration: \"" + value + "\"");
        }
        long nanos = unix.group(2) == null ? 0 : Long.parseLong((unix.group(2) + "000000000").substring(0, 9));
        return Instant.ofEpochSecond(Long.parseLong(unix.group(1)), nanos);
    }

    private static Duration duration(String value) {
        boolean negative = value.startsWith("-");
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = DURATION_PART.matcher(value);
        while (part.find()) {
            long unit = switch (part.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return negative ? d.negated() : d;
    }

    /** Go's layouts {@code 2006-01-02}, {@code 2006-01-02T15}, {@code 2006-01-02T15:04} and RFC 3339 without a zone. */
    private static DateTimeFormatter localFormat(String value) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd");
        if (value.contains("T") || value.contains(".")) {
            b.appendLiteral('T').appendPattern("HH");
            long colons = value.chars().filter(c -> c == ':').count();
            if (colons >= 1 || value.contains(".")) {
                b.appendPattern(":mm");
            }
            if (colons >= 2 || value.contains(".")) {
                b.appendPattern(":ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd();
            }
        }
        return b.parseDefaulting(ChronoField.HOUR_OF_DAY, 0).toFormatter();
    }

    /** The same layouts with a zone ({@code Z} or {@code +07:00}). */
    private static DateTimeFormatter zonedFormat(String value) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd");
        if (value.contains("T") || value.contains(".")) {
            b.appendLiteral('T').appendPattern("HH");
            long colons = value.chars().filter(c -> c == ':').count() - (value.matches(".*[zZ].*") ? 0 : 1);
            if (colons >= 1 || value.contains(".")) {
                b.appendPattern(":mm");
            }
            if (colons >= 2 || value.contains(".")) {
                b.appendPattern(":ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd();
            }
        }
        return b.appendOffset("+HH:MM", "Z").parseCaseInsensitive().parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
                .toFormatter();
    }
}
