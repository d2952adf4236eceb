package io.jocker.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Docker's GetTimestamp forms, with the results its tests (api/types/time) expect. */
class TimestampsTest {

    private static final Instant NOW = Instant.parse("2024-05-06T07:08:09Z");
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private static Instant at(String value) {
        return Timestamps.parse(value, NOW, ZONE);
    }

    @Test
    void durationsCountBackFromNow() {
        assertEquals(NOW.minusSeconds(600), at("10m"));
        assertEquals(NOW.minusSeconds(5400), at("1h30m"));
        assertEquals(NOW.minusSeconds(5400), at("1.5h"));
        assertEquals(NOW.minusMillis(1500), at("1s500ms"));
        assertEquals(NOW.plusSeconds(60), at("-1m"));
    }

    @Test
    void unixSecondsWithAnOptionalFraction() {
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), at("1700000000"));
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 500_000_000), at("1700000000.5"));
        assertEquals(Instant.EPOCH, at("0"));
    }

    @Test
    void timesWithAZoneAreAbsolute() {
        assertEquals(Instant.parse("2013-01-02T13:23:37Z"), at("2013-01-02T13:23:37Z"));
        assertEquals(Instant.parse("2013-01-02T12:23:37Z"), at("2013-01-02T13:23:37+01:00"));
        assertEquals(Instant.parse("2013-01-02T13:23:37.123456789Z"), at("2013-01-02T13:23:37.123456789Z"));
        assertEquals(Instant.parse("2013-01-02T13:00:00Z"), at("2013-01-02T13Z"));
        assertEquals(Instant.parse("2013-01-02T13:23:00Z"), at("2013-01-02T13:23Z"));
        assertEquals(Instant.parse("2013-01-02T07:00:00Z"), at("2013-01-02-07:00"));
    }

    @Test
    void timesWithoutAZoneAreLocal() {
        assertEquals(Instant.parse("2013-01-02T12:23:37Z"), at("2013-01-02T13:23:37"));
        assertEquals(Instant.parse("2013-01-02T12:00:00Z"), at("2013-01-02T13"));
        assertEquals(Instant.parse("2013-01-02T12:23:00Z"), at("2013-01-02T13:23"));
        assertEquals(Instant.parse("2013-01-01T23:00:00Z"), at("2013-01-02"));
        assertEquals(Instant.parse("2013-01-02T12:23:37.5Z"), at("2013-01-02T13:23:37.5"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"", "yesterday", "2013-13-02", "1h2x", "12abc"}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> at(bad), bad);
            assertEquals("failed to parse value as time or duration: \"" + bad + "\"", e.getMessage());
        }
    }
}
