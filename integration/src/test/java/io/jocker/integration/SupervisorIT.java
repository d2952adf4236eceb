package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli.Route;
import io.jocker.testing.JockerCli;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The supervisor's reliability: its death, a CLI killed mid-command, many containers at once. */
class SupervisorIT extends ContainerFixture {

    /** This test is about the launcher's choice between the supervisor and a JVM: it is left to the launcher. */
    @Override
    Route route() {
        return Route.EITHER;
    }

    /** A container that exits with 3 once told to, by a file /go that an exec creates. */
    private static final String WAIT_FOR_GO_THEN_EXIT_3 = "while [ ! -f /go ]; do sleep 0.1; done; exit 3";

    @Test
    void containersSurviveTheSupervisorsDeathAndANewOneAdoptsThem() throws Exception {
        String ticker = detached("busybox", "sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done");
        String sleeper = detached("busybox", "sleep", "1000");
        String exiter = detached("busybox", "sh", "-c", WAIT_FOR_GO_THEN_EXIT_3);
        ProcessHandle first = supervisor().orElseThrow(() -> new AssertionError("no supervisor runs"));
        first.destroyForcibly();
        first.onExit().get(10, TimeUnit.SECONDS);
        assertContains(jocker.run("ps").stdout(), ticker.substring(0, 12), sleeper.substring(0, 12));

        // Any detached start brings up a new supervisor, which adopts the running ones.
        String third = detached("busybox", "sleep", "1000");
        ProcessHandle second = supervisor().orElseThrow(() -> new AssertionError("no new supervisor"));
        assertTrue(second.pid() != first.pid());
        int before = ticks(ticker);
        for (int i = 0; i < 100 && ticks(ticker) < before + 3; i++) {
            Thread.sleep(100);
        }
        assertTrue(ticks(ticker) >= before + 3, "the adopted container's output is logged again");

        // Not its children, but the adopting supervisor learns how they ended (issue 15, defect 7).
        assertOk(jocker.run("kill", sleeper));
        assertEquals("137\n", jocker.run("wait", sleeper).stdout(), "killed by jocker's SIGKILL");
        assertContains(jocker.run("ps", "-a", "--filter", "id=" + sleeper).stdout(), "Exited (137)");
        assertOk(jocker.run("exec", exiter, "touch", "/go"));
        assertEquals("3\n", jocker.run("wait", exiter).stdout(), "its own exit status");

        assertOk(jocker.run("stop", "-t", "0", third));
        assertEquals("137\n", jocker.run("wait", third).stdout(), "the new supervisor's own child has its real status");
    }

    @Test
    void anExitWhileNoSupervisorRanIsUnknownNeverZero() throws Exception {
        String exiter = detached("busybox", "sh", "-c", WAIT_FOR_GO_THEN_EXIT_3);
        long pid = new ObjectMapper().readTree(jocker.run("inspect", exiter).stdout()).get(0).get("State").get("Pid").asLong();
        ProcessHandle first = supervisor().orElseThrow(() -> new AssertionError("no supervisor runs"));
        first.destroyForcibly();
        first.onExit().get(10, TimeUnit.SECONDS);

        assertOk(jocker.run("exec", exiter, "touch", "/go"));
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());

        assertEquals("255\n", jocker.run("wait", exiter).stdout(), "an exit nobody could observe is unknown, never 0");
        assertContains(jocker.run("ps", "-a", "--filter", "id=" + exiter).stdout(), "Exited (unknown)");
        assertContains(jocker.run("inspect", exiter).stdout(), "exit status unknown");
    }

    @Test
    void theSupervisorExitsWhenIdle() throws Exception {
        String id = detached("busybox", "true");
        assertEquals("0\n", jocker.run("wait", id).stdout());
        for (int i = 0; i < 100 && supervisor().isPresent(); i++) {
            Thread.sleep(100);
        }
        assertTrue(supervisor().isEmpty(), "the supervisor exits once it has nothing to watch");
    }

    @Test
    void aCliKilledDuringRunDetachedLeavesStateTheNextCommandRepairs() throws Exception {
        for (long delay : new long[] {150, 400, 800, 1500}) {
            Process cli = new ProcessBuilder(launcher(), "--root", jocker.root().toString(), "run", "-d", "busybox", "sleep", "1000")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(new File("/dev/null"))
                    .start();
            Thread.sleep(delay);
            cli.destroyForcibly().waitFor();
        }
        Result ps = jocker.run("ps", "-a");
        assertOk(ps);
        for (String line : ps.stdout().lines().skip(1).toList()) {
            assertTrue(line.contains("Up ") || line.contains("Created") || line.contains("Exited"), line);
        }
    }

    @Test
    void twentyContainersStartedInParallelAllRunAndAllStop() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Result>> runs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                runs.add(pool.submit(() -> jocker.run("run", "-d", "busybox", "sleep", "1000")));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Result> run : runs) {
                Result r = run.get();
                assertOk(r);
                ids.add(r.stdout().trim());
            }
            assertEquals(20, jocker.run("ps", "-q").stdout().lines().count());
            List<Future<Result>> stops = new ArrayList<>();
            for (String id : ids) {
                stops.add(pool.submit(() -> jocker.run("stop", "-t", "0", id)));
            }
            for (Future<Result> stop : stops) {
                assertOk(stop.get());
            }
            assertEquals("", jocker.run("ps", "-q").stdout());
            assertEquals(20, jocker.run("ps", "-aq", "--filter", "status=exited").stdout().lines().count());
        } finally {
            pool.shutdownNow();
        }
    }


    private int ticks(String id) throws Exception {
        return (int) jocker.run("logs", id).stdout().lines().filter(l -> l.startsWith("tick ")).count();
    }

    private Optional<ProcessHandle> supervisor() {
        return SupervisorProcesses.of(jocker.root());
    }

    private static String launcher() {
        return JockerCli.distribution().resolve("bin/jocker").toString();
    }
}
