package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli.Route;
import io.jocker.testing.LeakCheck;
import io.jocker.testing.image.BusyboxRootfs;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh jocker root with busybox:latest imported, and a leak check after each test. */
abstract class ContainerFixture {

    @TempDir
    Path tmp;

    JockerCli jocker;
    private LeakCheck leaks;

    @BeforeEach
    void importBusybox() throws Exception {
        jocker = new JockerCli(JockerCli.distribution(), tmp.resolve("root")).route(route());
        leaks = LeakCheck.of(jocker.root());
        Result imported = jocker.run("import", BusyboxRootfs.tar().toString(), "busybox");
        assertEquals(0, imported.exitCode(), imported::toString);
    }

    @AfterEach
    void removeAllAndCheckLeaks() throws Exception {
        Result ids = jocker.run("ps", "-aq", "--no-trunc");
        for (String id : ids.stdout().split("\n")) {
            if (!id.isBlank()) {
                jocker.run("rm", "-f", id.trim());
            }
        }
        SupervisorProcesses.stop(jocker.root());
        leaks.assertClean();
    }

    /**
     * The route of the test's commands, the busybox import included: by default as users' commands
     * run while a supervisor runs; a test of the launcher's choice or of one path overrides it.
     */
    Route route() {
        return Route.WARM;
    }

    /** Runs {@code jocker run --rm busybox ARGS...}. */
    Result runBusybox(String... args) throws Exception {
        String[] full = new String[args.length + 3];
        full[0] = "run";
        full[1] = "--rm";
        full[2] = "busybox";
        System.arraycopy(args, 0, full, 3, args.length);
        return jocker.run(full);
    }

    /** Runs {@code jocker run -d ARGS...}, checks that it printed a full 64-hex id, and returns it. */
    String detached(String... args) throws Exception {
        String[] full = new String[args.length + 2];
        full[0] = "run";
        full[1] = "-d";
        System.arraycopy(args, 0, full, 2, args.length);
        Result r = jocker.run(full);
        assertOk(r);
        String id = r.stdout().trim();
        assertTrue(id.matches("[0-9a-f]{64}"), () -> "a full id: " + r);
        return id;
    }

    static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected \"" + part + "\" in:\n" + text);
        }
    }

    static void assertOk(Result r) {
        assertEquals(0, r.exitCode(), r::toString);
    }
}
