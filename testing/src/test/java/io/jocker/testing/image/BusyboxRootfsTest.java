package io.jocker.testing.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxRootfsTest {

    @Test
    void theTarHoldsBusyboxItsAppletsAndABaseLayout() throws Exception {
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        String previous = "";
        try (InputStream in = Files.newInputStream(BusyboxRootfs.tar()); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                assertTrue(e.getName().compareTo(previous) > 0, "sorted: " + previous + " then " + e.getName());
                previous = e.getName();
                entries.put(e.getName(), e);
                assertEquals(0, e.getLongUserId());
                assertEquals(946684800000L, e.getModTime().getTime());
            }
        }
        assertTrue(entries.get("bin/busybox").isFile());
        assertEquals("busybox", entries.get("bin/sh").getLinkName());
        assertEquals(01777, entries.get("tmp/").getMode() & 07777);
        assertEquals(0700, entries.get("root/").getMode() & 07777);
        for (String dir : new String[] {"proc/", "sys/", "dev/", "etc/", "home/"}) {
            assertTrue(entries.get(dir).isDirectory(), dir);
        }
        assertTrue(entries.containsKey("etc/passwd") && entries.containsKey("etc/group"));
    }

    @Test
    void theScriptIsDeterministic(@TempDir Path temp) throws Exception {
        Path again = temp.resolve("again.tar");
        Process process = new ProcessBuilder(BusyboxRootfs.script().toString(), again.toString()).inheritIO().start();
        assertEquals(0, process.waitFor());
        assertEquals(-1L, Files.mismatch(BusyboxRootfs.tar(), again));
    }

    @Test
    void theScriptRefusesAMissingArgument() throws Exception {
        Process process = new ProcessBuilder(BusyboxRootfs.script().toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(2, process.waitFor());
        assertTrue(output.contains("usage:"), output);
    }
}
