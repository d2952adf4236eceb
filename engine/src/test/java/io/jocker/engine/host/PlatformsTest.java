package io.jocker.engine.host;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.host.Platforms.Platform;
import org.junit.jupiter.api.Test;

/** containerd's parsing and normalisation of platform specifiers, and the host-only rule. */
class PlatformsTest {

    @Test
    void normalisesAsContainerd() {
        assertEquals(new Platform("linux", "amd64", ""), Platforms.parse("linux/amd64"));
        assertEquals(new Platform("linux", "amd64", ""), Platforms.parse("Linux/X86_64"));
        assertEquals(new Platform("linux", "amd64", ""), Platforms.parse("linux/x86-64/v1"));
        assertEquals(new Platform("linux", "amd64", "v3"), Platforms.parse("linux/amd64/v3"));
        assertEquals(new Platform("linux", "amd64", ""), Platforms.parse("amd64"));
        assertEquals(new Platform("linux", "arm64", ""), Platforms.parse("linux/aarch64/v8"));
        assertEquals(new Platform("linux", "arm", "v7"), Platforms.parse("linux/arm"));
        assertEquals(new Platform("linux", Platforms.host().architecture(), ""), Platforms.parse("linux"));
    }

    @Test
    void refusesWhatIsNotASpecifier() {
        assertEquals("invalid platform \"linux/amd64/v1/x\": too many components; expected OS[/ARCH[/VARIANT]], such as "
                + Platforms.host(), assertThrows(InvalidRequestException.class, () -> Platforms.parse("linux/amd64/v1/x")).getMessage());
        assertThrows(InvalidRequestException.class, () -> Platforms.parse("linux//amd64"));
        assertThrows(InvalidRequestException.class, () -> Platforms.parse("plan10/amd64"));
        assertThrows(InvalidRequestException.class, () -> Platforms.parse("linux/vax"));
        assertThrows(InvalidRequestException.class, () -> Platforms.parse("bogus"));
        assertThrows(InvalidRequestException.class, () -> Platforms.parse("linux/amd64 "));
    }

    @Test
    void acceptsOnlyTheHostsPlatform() {
        String host = Platforms.host().toString();
        assertDoesNotThrow(() -> Platforms.requireHost(host));
        assertDoesNotThrow(() -> Platforms.requireHost(null));
        assertDoesNotThrow(() -> Platforms.requireHost(""));
        String other = host.equals("linux/amd64") ? "linux/arm64" : "linux/amd64";
        assertEquals("platform " + other + " is not supported: jocker runs " + host + " images only, on this " + host + " host",
                assertThrows(InvalidRequestException.class, () -> Platforms.requireHost(other)).getMessage());
        assertThrows(InvalidRequestException.class, () -> Platforms.requireHost("windows/amd64"));
        assertThrows(InvalidRequestException.class, () -> Platforms.requireHost("linux/amd64/v3"));
    }
}
