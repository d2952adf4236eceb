package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InitCommandTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(InitCommand.JNA_BOOT_PROPERTY);
    }

    @Test
    void runsThisJvmsJavaWithTheSmallJvmFlagsAndTheInitClass() {
        List<String> argv = InitCommand.argv();
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), argv.get(0));
        assertTrue(argv.containsAll(List.of("-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1")));
        assertTrue(argv.stream().anyMatch(a -> a.startsWith("-Djna.platform.library.path=")));
        assertFalse(argv.stream().anyMatch(a -> a.startsWith("-Djna.boot.library.path")));
        assertEquals(ContainerInit.class.getName(), argv.get(argv.size() - 1));
    }

    @Test
    void classPathHoldsExactlyTheInitLinuxAndJnaLocations() {
        String[] entries = InitCommand.classPath().split(":");
        assertEquals(3, entries.length, String.join(":", entries));
        for (String entry : entries) {
            assertTrue(Files.exists(Path.of(entry)), entry);
        }
        assertTrue(entries[2].contains("jna"), entries[2]);
    }

    @Test
    void preExtractedJnaDirectoryIsPassedOn() {
        System.setProperty(InitCommand.JNA_BOOT_PROPERTY, "/opt/jocker/native");
        assertTrue(InitCommand.argv().contains("-Djna.boot.library.path=/opt/jocker/native"));
    }
}
