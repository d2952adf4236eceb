package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.Ulimit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --ulimit parsed with the words of Docker 28's client (each message below is what it printed). */
class UlimitFlagsTest {

    @Test
    void softDefaultsTheHardLimitAndTheLastOfANameWins() {
        assertEquals(List.of(new Ulimit("core", 0, -1), new Ulimit("nofile", 100, 100), new Ulimit("nproc", 5, 10)),
                UlimitFlags.parse(List.of("nproc=5:10", "nofile=1:2", "nofile=100", "core=0:infinity")));
        assertEquals(List.of(new Ulimit("stack", -1, -1)), UlimitFlags.parse(List.of("stack=-1")));
    }

    @Test
    void badValuesAreRefusedWithDockersWording() {
        assertRefused("foo=1", "invalid ulimit type: foo");
        assertRefused("as=1", "invalid ulimit type: as");
        assertRefused("nofile", "invalid ulimit argument: nofile");
        assertRefused("nofile=x", "strconv.ParseInt: parsing \"x\": invalid syntax");
        assertRefused("nofile=10:5", "ulimit soft limit must be less than or equal to hard limit: 10 > 5");
        assertRefused("nproc=-1:5", "ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 5");
        assertRefused("nofile=1:2:3", "too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`");
    }

    private static void assertRefused(String flag, String reason) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> UlimitFlags.parse(List.of(flag)));
        assertEquals("invalid argument \"" + flag + "\" for \"--ulimit\" flag: " + reason, e.getMessage());
    }
}
