package io.jocker.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The process events connector, for real; needs root. */
class ExitEventsTest {

    @BeforeAll
    static void needsRoot() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the process events connector needs root");
    }

    @Test
    void theExitOfAProcessThatIsNotOurChildIsReportedWithItsStatus() throws Exception {
        try (ExitEvents events = ExitEvents.listen()) {
            Process exits = new ProcessBuilder("sh", "-c", "sleep 0.2; exit 7").start();
            Process killed = new ProcessBuilder("sleep", "60").start();
            killed.destroyForcibly();

            Map<Long, Processes.WaitStatus> seen = new HashMap<>();
            assertEquals(7, statusOf(events, exits.pid(), seen).exitCode());
            Processes.WaitStatus kill = statusOf(events, killed.pid(), seen);
            assertTrue(!kill.exited() && kill.termSignal() == Processes.SIGKILL, "killed by SIGKILL: " + kill);
            assertTrue(exits.waitFor(10, TimeUnit.SECONDS) && killed.waitFor(10, TimeUnit.SECONDS));
        }
    }

    /** The status reported for {@code pid}, reading on until it comes; every exit read is kept in {@code seen}. */
    private static Processes.WaitStatus statusOf(ExitEvents events, long pid, Map<Long, Processes.WaitStatus> seen)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!seen.containsKey(pid) && System.nanoTime() < deadline) {
            events.next(500).ifPresent(exit -> seen.put(exit.pid(), exit.status()));
        }
        assertTrue(seen.containsKey(pid), "no exit reported for " + pid);
        return seen.get(pid);
    }
}
