package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import org.junit.jupiter.api.Test;

class SignalsTest {

    @Test
    void namesWithOrWithoutSigAndNumbersAreAccepted() {
        assertEquals(9, Signals.parse("KILL"));
        assertEquals(9, Signals.parse("sigkill"));
        assertEquals(15, Signals.parse("TERM"));
        assertEquals(10, Signals.parse("USR1"));
        assertEquals(1, Signals.parse("1"));
        assertEquals(64, Signals.parse("64"));
    }

    @Test
    void anythingElseIsRefusedWithDockersWording() {
        for (String bad : new String[] {"", "0", "65", "BOGUS", "SIG", "-9", "99999999999999999999"}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Signals.parse(bad));
            assertEquals("Invalid signal: " + bad, e.getMessage());
        }
    }
}
