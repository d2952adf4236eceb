package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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

    /**
     * bin/jocker-cds dumps the init's class-data archive without Java, so it keeps the init's JVM
     * flags a second time: an archive made with other ones would not map, or not be the init's.
     */
    @Test
    void theInitArchiveIsDumpedWithTheInitsOwnJvmFlags() throws Exception {
        String cds = Files.readString(Path.of("../distribution/src/bin/jocker-cds"));
        int start = cds.indexOf("cds_build_init() {");
        assertTrue(start >= 0, "no cds_build_init in bin/jocker-cds");
        Set<String> dumpWords = Set.copyOf(List.of(cds.substring(start, cds.indexOf("\n}\n", start)).split("\\s+")));
        for (String flag : InitCommand.FLAGS) {
            // The dump replaces -Xshare:auto with -Xshare:dump; system properties do not matter to an archive.
            if (!flag.equals("-Xshare:auto") && !flag.startsWith("-D")) {
                assertTrue(dumpWords.contains(flag), () -> flag + " is missing from bin/jocker-cds's init archive dump");
            }
        }
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
