package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.PortBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortSpecsTest {

    @Test
    void publishTakesDockersForms() {
        assertEquals(List.of(new PortBinding("tcp", 80, "0.0.0.0", 0)), PortSpecs.publish("80"));
        assertEquals(List.of(new PortBinding("tcp", 80, "0.0.0.0", 8080)), PortSpecs.publish("8080:80"));
        assertEquals(List.of(new PortBinding("udp", 53, "127.0.0.1", 5353)), PortSpecs.publish("127.0.0.1:5353:53/udp"));
        assertEquals(List.of(new PortBinding("tcp", 80, "127.0.0.1", 0)), PortSpecs.publish("127.0.0.1::80"));
        assertEquals(List.of(new PortBinding("tcp", 80, "0.0.0.0", 8000), new PortBinding("tcp", 81, "0.0.0.0", 8001)),
                PortSpecs.publish("8000-8001:80-81"));
    }

    @Test
    void publishRefusesWhatIsNoPort() {
        for (String bad : List.of("", "x", "0", "65536", "80:99999", "80/sctp", "1.2.3:80:80", "8000-8002:80-81", "81-80", "a:b:c:d")) {
            assertThrows(InvalidRequestException.class, () -> PortSpecs.publish(bad), bad);
        }
    }

    @Test
    void exposeTakesRanges() {
        assertEquals(List.of("80/tcp"), PortSpecs.expose("80"));
        assertEquals(List.of("53/udp", "54/udp"), PortSpecs.expose("53-54/udp"));
        assertThrows(InvalidRequestException.class, () -> PortSpecs.expose("http"));
    }
}
