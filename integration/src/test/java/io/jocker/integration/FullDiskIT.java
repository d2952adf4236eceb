package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli;
import io.jocker.testing.LeakCheck;
import io.jocker.testing.image.BusyboxRootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jocker root on a small tmpfs that a container fills to the last byte and then exits, so that
 * even its exit cannot be recorded (issue 15, defect 3): reading the state, and removing
 * containers, images and volumes, still work and free the space; a command that fails for want
 * of space says so, and nothing says anything misleading.
 */
class FullDiskIT {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    private Path disk;
    private Path root;
    private JockerCli jocker;
    private LeakCheck leaks;

    @BeforeEach
    void mountSmallRoot() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=48m", "jocker-full-disk", disk.toString());
        root = disk.resolve("root");
        // A full disk meets the launcher's requests to a supervisor as well as a JVM's writes: whichever the launcher picks.
        jocker = new JockerCli(JockerCli.distribution(), root).route(JockerCli.Route.EITHER);
        leaks = LeakCheck.of(root);
        assertOk(jocker.run("import", BusyboxRootfs.tar().toString(), "busybox"));
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            for (String id : jocker.run("ps", "-aq", "--no-trunc").stdout().split("\n")) {
                if (!id.isBlank()) {
                    jocker.run("rm", "-f", id.trim());
                }
            }
            SupervisorProcesses.stop(root);
            leaks.assertClean();
        } finally {
            run("umount", disk.toString());
        }
    }

    @Test
    void aRootFilledByAContainerCanStillBeReadAndEmptied() throws Exception {
        assertOk(jocker.run("run", "--name", "maker", "busybox", "dd", "if=/dev/zero", "of=/big", "bs=1M", "count=4"));
        assertOk(jocker.run("commit", "maker", "big:1"));
        assertOk(jocker.run("rm", "maker"));
        assertOk(jocker.run("volume", "create", "vol"));
        // It fills the disk once told to: had it filled it at once, recording its start would fail.
        String filler = assertOk(jocker.run("run", "-d", "--name", "filler", "-v", "vol:/data", "busybox", "sh", "-c",
                "while [ ! -f /data/go ]; do sleep 0.1; done; dd if=/dev/zero of=/data/fill bs=64k; touch /data/done"))
                .stdout().trim();
        Files.createFile(root.resolve("volumes/vol/_data/go"));
        Path done = root.resolve("volumes/vol/_data/done");
        for (int i = 0; i < 600 && !Files.exists(done); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(done), "the container filled the disk");
        assertEquals(0, Files.getFileStore(root).getUsableSpace(), "full to the last byte");

        assertContains(assertOk(jocker.run("ps", "-a")).stdout(), "filler");
        assertContains(assertOk(jocker.run("inspect", "filler")).stdout(), filler);
        assertOk(jocker.run("logs", "filler"));
        assertOk(jocker.run("images"));
        Result refused = jocker.run("run", "--rm", "busybox", "true");
        assertEquals(125, refused.exitCode(), refused::toString);
        assertContains(refused.stderr(), "No space left on device");

        assertOk(jocker.run("rm", "-f", "filler"));
        assertOk(jocker.run("rmi", "big:1"));
        assertTrue(!assertOk(jocker.run("images")).stdout().contains("big"), "big:1 is gone");
        assertOk(jocker.run("volume", "rm", "vol"));
        assertTrue(Files.getFileStore(root).getUsableSpace() > 40 * MIB, "the space is free again");
        assertOk(jocker.run("run", "--rm", "busybox", "true"));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }

    /** Succeeded, and said nothing misleading (a failed write of the launcher, a supervisor that did not stop). */
    private static Result assertOk(Result r) {
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(!r.stderr().contains("I/O error") && !r.stderr().contains("supervisor stopped"), r::toString);
        return r;
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "expected \"" + part + "\" in:\n" + text);
    }
}
