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
        System.clearProperty(InitCommand.ARCHIVE_PROPERTY);
        System.clearProperty(InitCommand.CLASS_LIST_PROPERTY);
    }

    @Test
    void runsThisJvmsJavaWithTheSmallJvmFlagsAndTheInitClass() {
        List<String> argv = InitCommand.argv();
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), argv.get(0));
        assertTrue(argv.containsAll(List.of("-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xmx64m", "-Xint")));
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

    @Test
    void withoutAnArchiveOnlyTheJdksOwnIsUsed() {
        List<String> argv = InitCommand.argv();
        assertFalse(argv.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-XX:DumpLoadedClassList")),
                argv.toString());
    }

    @Test
    void anArchiveIsPassedOnWithEveryJvmLogLineOff() {
        System.setProperty(InitCommand.ARCHIVE_PROPERTY, "/opt/jocker/cache/init.jsa");
        List<String> argv = InitCommand.argv();
        assertTrue(argv.contains("-XX:SharedArchiveFile=/opt/jocker/cache/init.jsa"), argv.toString());
        assertTrue(argv.contains("-Xlog:disable"), argv.toString());
        assertFalse(argv.stream().anyMatch(a -> a.startsWith("-Xlog:") && !a.equals("-Xlog:disable")), argv.toString());
        assertTrue(argv.indexOf("-XX:SharedArchiveFile=/opt/jocker/cache/init.jsa") < argv.indexOf("-cp"), argv.toString());
    }

    @Test
    void aTrainingRunRecordsTheClassListInsteadOfUsingAnArchive() {
        System.setProperty(InitCommand.ARCHIVE_PROPERTY, "/opt/jocker/cache/init.jsa");
        System.setProperty(InitCommand.CLASS_LIST_PROPERTY, "/tmp/train/5.initlist");
        List<String> argv = InitCommand.argv();
        assertTrue(argv.contains("-XX:DumpLoadedClassList=/tmp/train/5.initlist"), argv.toString());
        assertTrue(argv.indexOf("-Xshare:off") > argv.indexOf("-Xshare:auto"), "the later -Xshare wins: " + argv);
        assertFalse(argv.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile")), argv.toString());
    }
}
