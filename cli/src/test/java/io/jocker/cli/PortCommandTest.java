package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.EngineException;
import org.junit.jupiter.api.Test;

/** Docker's client's check of {@code PRIVATE_PORT[/PROTO]}. */
class PortCommandTest {

    @Test
    void acceptsAPortWithOrWithoutAProtocol() {
        assertDoesNotThrow(() -> PortCommand.checkPort("80"));
        assertDoesNotThrow(() -> PortCommand.checkPort("65535/udp"));
        assertDoesNotThrow(() -> PortCommand.checkPort("0/anything"));
    }

    @Test
    void refusesWhatIsNotAnUnsigned16BitNumber() {
        assertEquals("invalid port (http): parsing \"http\": invalid syntax",
                assertThrows(EngineException.class, () -> PortCommand.checkPort("http/tcp")).getMessage());
        assertEquals("invalid port (-1): parsing \"-1\": invalid syntax",
                assertThrows(EngineException.class, () -> PortCommand.checkPort("-1")).getMessage());
        assertEquals("invalid port (65536): parsing \"65536\": value out of range",
                assertThrows(EngineException.class, () -> PortCommand.checkPort("65536")).getMessage());
        assertEquals("invalid port (99999999999): parsing \"99999999999\": value out of range",
                assertThrows(EngineException.class, () -> PortCommand.checkPort("99999999999")).getMessage());
    }
}
