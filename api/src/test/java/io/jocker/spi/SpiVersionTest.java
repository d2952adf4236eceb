package io.jocker.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void theCurrentVersionIsTheBuildsOwn() {
        assertEquals(SpiVersion.parse(System.getProperty("jocker.spi.version")), SpiVersion.current());
    }

    @Test
    void aMinorVersionAddsAndAMajorOneBreaks() {
        SpiVersion engine = new SpiVersion(2, 3);
        assertTrue(engine.accepts(new SpiVersion(2, 0)));
        assertTrue(engine.accepts(new SpiVersion(2, 3)));
        assertFalse(engine.accepts(new SpiVersion(2, 4)), "a newer minor may use what this engine lacks");
        assertFalse(engine.accepts(new SpiVersion(1, 9)), "an older major");
        assertFalse(engine.accepts(new SpiVersion(3, 0)), "a newer major");
    }

    @Test
    void parsesManifestsAndRefusesWhatIsNotAVersion() {
        Manifest manifest = new Manifest();
        assertNull(SpiVersion.declaredBy(manifest));
        manifest.getMainAttributes().put(new Attributes.Name("Jocker-SPI-Version"), " 1.12 ");
        assertEquals(new SpiVersion(1, 12), SpiVersion.declaredBy(manifest));
        assertEquals("1.12", SpiVersion.declaredBy(manifest).toString());
        for (String bad : new String[] {"1", "1.2.3", "one.two", "-1.0", ""}) {
            assertThrows(IllegalArgumentException.class, () -> SpiVersion.parse(bad), bad);
        }
    }
}
