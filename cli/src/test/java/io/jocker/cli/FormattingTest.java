package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormattingTest {

    @Test
    void durationsReadLikeDockers() {
        assertEquals("Less than a second", HumanDuration.of(Duration.ofMillis(300)));
        assertEquals("1 second", HumanDuration.of(Duration.ofSeconds(1)));
        assertEquals("59 seconds", HumanDuration.of(Duration.ofSeconds(59)));
        assertEquals("About a minute", HumanDuration.of(Duration.ofSeconds(90)));
        assertEquals("5 minutes", HumanDuration.of(Duration.ofMinutes(5)));
        assertEquals("About an hour", HumanDuration.of(Duration.ofMinutes(70)));
        assertEquals("3 hours", HumanDuration.of(Duration.ofHours(3)));
        assertEquals("3 days", HumanDuration.of(Duration.ofDays(3)));
        assertEquals("3 weeks", HumanDuration.of(Duration.ofDays(21)));
        assertEquals("4 months", HumanDuration.of(Duration.ofDays(125)));
        assertEquals("3 years", HumanDuration.of(Duration.ofDays(3 * 365 + 10)));
        assertEquals("Less than a second", HumanDuration.of(Duration.ofSeconds(-5)), "clock skew is not negative");
    }

    @Test
    void sizesReadLikeDockers() {
        assertEquals("2.13MB", Units.humanDecimal(2_129_920));
        assertEquals("512B", Units.humanDecimal(512));
        // Go's %.3g drops trailing zeros: Docker's images says 1kB, not 1.00kB.
        assertEquals("1kB", Units.humanDecimal(1000));
        assertEquals("4.27MB", Units.humanDecimal(4_266_000));
        // system df and prune use go-units' HumanSize: four significant digits.
        assertEquals("16.43MB", Units.humanSize(16_430_000));
        assertEquals("0B", Units.humanSize(0));
        assertEquals("5kB", Units.humanSize(5000));
        assertEquals("23.59GiB", Units.humanBinary(25_330_000_000L));
        assertEquals("1GiB", Units.humanBinary(1L << 30));
    }
}
