package io.jocker.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Go's {@code time.Time.String()} of a whole second in the local zone, as Docker's list formats show "CreatedAt". */
final class GoTimes {

    private static final DateTimeFormatter STRING = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xx zzz");

    private GoTimes() {}

    static String string(Instant instant) {
        return STRING.format(instant.atZone(ZoneId.systemDefault()).withNano(0));
    }
}
