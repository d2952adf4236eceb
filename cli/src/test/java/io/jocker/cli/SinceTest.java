package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SinceTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void acceptsRfc3339UnixSecondsAndDurationsAgo() {
        assertEquals(Instant.parse("2013-01-02T13:23:37Z"), Since.parse("2013-01-02T13:23:37Z", NOW));
        assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), Since.parse("1700000000.5", NOW));
        assertEquals(NOW.minusSeconds(42 * 60), Since.parse("42m", NOW));
        assertEquals(NOW.minusSeconds(3600 + 1800 + 5), Since.parse("1h30m5s", NOW));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"", "yesterday", "5d", "1h-2m", "2013-01-02"}) {
            assertThrows(InvalidRequestException.class, () -> Since.parse(bad, NOW), bad);
        }
    }
}
