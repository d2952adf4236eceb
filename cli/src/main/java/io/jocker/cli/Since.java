package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --since}: an RFC 3339 time, Unix seconds (with an optional fraction), or a duration ago ({@code 10s}, {@code 5m}, {@code 1h30m}). */
final class Since {

    private static final Pattern UNIX = Pattern.compile("(\\d{1,12})(?:\\.(\\d{1,9}))?");
    private static final Pattern RELATIVE = Pattern.compile("(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?");

    private Since() {}

    static Instant parse(String value) {
        return parse(value, Instant.now());
    }

    static Instant parse(String value, Instant now) {
        Matcher unix = UNIX.matcher(value);
        if (unix.matches()) {
            String fraction = unix.group(2) == null ? "0" : (unix.group(2) + "000000000").substring(0, 9);
            return Instant.ofEpochSecond(Long.parseLong(unix.group(1)), Long.parseLong(fraction));
        }
        Matcher relative = RELATIVE.matcher(value);
        if (!value.isEmpty() && relative.matches()) {
            Duration ago = Duration.ofHours(number(relative.group(1))).plusMinutes(number(relative.group(2)))
                    .plusSeconds(number(relative.group(3)));
            return now.minus(ago);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("invalid value for --since: \"" + value
                    + "\" (an RFC 3339 time such as 2013-01-02T13:23:37Z, Unix seconds, or a duration such as 42m)");
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
