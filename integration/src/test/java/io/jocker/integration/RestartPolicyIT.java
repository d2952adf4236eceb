package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.container.RestartPolicies;
import io.jocker.testing.JockerCli.Result;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --restart} applied by the supervisor. */
class RestartPolicyIT extends ContainerFixture {

    @Test
    void onFailureRestartsUpToTheLimit() throws Exception {
        Result run = jocker.run("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "echo run; exit 3");
        assertOk(run);
        poll(() -> jocker.run("inspect", "flaky").stdout(), s -> s.contains("\"RestartCount\": 2"));
        assertEquals("3\n", jocker.run("wait", "flaky").stdout());
        assertNotRestarted("flaky", 3, "the limit reached, no third restart");
        Result inspect = jocker.run("inspect", "flaky");
        assertContains(inspect.stdout(), "\"RestartCount\": 2", "\"Name\": \"on-failure\"", "\"MaximumRetryCount\": 2",
                "\"Status\": \"exited\"");
        assertEquals("run\nrun\nrun\n", jocker.run("logs", "flaky").stdout());
    }

    @Test
    void alwaysRestartsUntilTheUserStopsIt() throws Exception {
        assertOk(jocker.run("run", "-d", "--name", "loop", "--restart", "always", "busybox", "sh", "-c", "echo run; sleep 0.3"));
        poll(() -> Long.toString(runs("loop")), r -> Long.parseLong(r) >= 3);
        assertOk(jocker.run("stop", "-t", "0", "loop"));
        assertNotRestarted("loop", runs("loop"), "no restart after a stop by the user");
        assertContains(jocker.run("ps", "-a", "--filter", "name=loop").stdout(), "Exited");
    }

    @Test
    void restartNeedsDetachAndConflictsWithRm() throws Exception {
        Result foreground = jocker.run("run", "--restart", "always", "busybox", "true");
        assertEquals(125, foreground.exitCode(), foreground::toString);
        Result rm = jocker.run("run", "-d", "--rm", "--restart", "always", "busybox", "true");
        assertEquals(125, rm.exitCode(), rm::toString);
        assertContains(rm.stderr(), "Conflicting options: --restart and --rm");
        Result bad = jocker.run("create", "--restart", "sometimes", "busybox", "true");
        assertEquals(125, bad.exitCode(), bad::toString);
        assertEquals("", jocker.run("ps", "-aq").stdout());
    }

    @Test
    void aContainerInItsBackOffIsRestartingInPsInspectAndTheStatusFilter() throws Exception {
        String id = detached("--name", "crashy", "--restart", "always", "busybox", "sh", "-c", "exit 3");

        String line = poll(() -> jocker.run("ps").stdout().lines().filter(l -> l.contains("crashy")).findFirst().orElse(""),
                l -> l.contains("Restarting"));
        assertTrue(line.matches(id.substring(0, 12) + " .*Restarting \\(3\\) (Less than a second|\\d+ seconds?) ago +crashy"), line);
        String inspect = poll(() -> jocker.run("inspect", "crashy").stdout(), s -> s.contains("\"Status\": \"restarting\""));
        assertContains(inspect, "\"Running\": true", "\"Restarting\": true", "\"Pid\": 0", "\"ExitCode\": 3");
        poll(() -> jocker.run("ps", "-q", "--filter", "status=restarting").stdout(), s -> s.equals(id.substring(0, 12) + "\n"));
        for (int i = 0; i < 10; i++) {
            assertEquals("", jocker.run("ps", "-q", "--filter", "status=exited").stdout(), "never seen exited between two runs");
        }
    }

    @Test
    void theUserEndsABackOffWithStopOrRmAndStartLeavesItToThePolicy() throws Exception {
        String id = detached("--name", "crashy", "--restart", "always", "busybox", "sh", "-c", "echo run; exit 3");
        awaitLongBackOff("crashy");

        Result start = jocker.run("start", "crashy");
        assertOk(start);
        assertEquals("crashy\n", start.stdout());
        // The start runs it at once; it exits and the policy puts it back in a back-off.
        poll(() -> jocker.run("inspect", "crashy").stdout(), s -> s.contains("\"Status\": \"restarting\""));
        Result rm = jocker.run("rm", "crashy");
        assertEquals(1, rm.exitCode(), rm::toString);
        assertEquals("jocker: You cannot remove a restarting container " + id
                + ". Stop the container before attempting removal or force remove\n", rm.stderr());
        Result top = jocker.run("top", "crashy");
        assertContains(top.stderr(), "Container " + id + " is restarting, wait until the container is running");

        long before = System.nanoTime();
        assertOk(jocker.run("stop", "crashy"));
        assertTrue(System.nanoTime() - before < 5_000_000_000L, "nothing runs, so nothing to wait for");
        assertContains(jocker.run("ps", "-a", "--filter", "name=crashy").stdout(), "Exited (3)");
        assertNotRestarted("crashy", runs("crashy"), "no restart after a stop by the user");

        String other = detached("--name", "other", "--restart", "always", "busybox", "sh", "-c", "exit 4");
        String removedInspect = awaitLongBackOff("other");
        Result removed = jocker.run("rm", "-f", "other");
        assertOk(removed);
        Thread.sleep(RestartPolicies.delay(restartCount(removedInspect)).toMillis() + 1000);
        assertFalse(jocker.run("ps", "-aq", "--no-trunc").stdout().contains(other), "a removed container never comes back");
    }

    @Test
    void aBackOffTheSupervisorDiedInIsRepairedAsExited() throws Exception {
        detached("--name", "crashy", "--restart", "always", "busybox", "sh", "-c", "echo run; exit 3");
        int count = restartCount(awaitLongBackOff("crashy"));
        ProcessHandle supervisor = SupervisorProcesses.of(jocker.root()).orElseThrow(() -> new AssertionError("no supervisor"));
        supervisor.destroyForcibly();
        supervisor.onExit().get(10, TimeUnit.SECONDS);

        assertContains(jocker.run("ps", "-a", "--filter", "name=crashy").stdout(), "Exited (3)");
        detached("busybox", "true");
        Thread.sleep(RestartPolicies.delay(count).toMillis() + 1000);
        String inspect = jocker.run("inspect", "crashy").stdout();
        assertContains(inspect, "\"Status\": \"exited\"", "\"ExitCode\": 3", "not restarted: the supervisor that was to restart it ended first");
        assertEquals(count, restartCount(inspect), "the new supervisor did not restart it either");
    }

    @Test
    void killIsAStopByTheUserWhateverTheSignalUntilTheNextStart() throws Exception {
        detached("--name", "svc", "--restart", "always", "busybox", "sh", "-c", "echo run; sleep 2; exit 3");
        poll(() -> jocker.run("inspect", "svc").stdout(), s -> s.contains("\"Status\": \"running\""));

        // A PID 1 without a handler ignores SIGTERM: the container goes on, and exits on its own.
        assertOk(jocker.run("kill", "-s", "TERM", "svc"));
        poll(() -> jocker.run("ps", "-a", "--filter", "name=svc").stdout(), s -> s.contains("Exited (3)"));
        assertNotRestarted("svc", runs("svc"), "moby's kill cancels the restart whatever the signal");
        assertContains(jocker.run("ps", "-a", "--filter", "name=svc").stdout(), "Exited (3)");

        assertOk(jocker.run("start", "svc"));
        poll(() -> Long.toString(runs("svc")), r -> Long.parseLong(r) >= 3);
        assertOk(jocker.run("kill", "svc"));
        assertNotRestarted("svc", runs("svc"), "the start re-armed the policy, the next kill ended it again");
        assertContains(jocker.run("ps", "-a", "--filter", "name=svc").stdout(), "Exited (");
    }

    /**
     * Waits until the container is in its sixth back-off or a later one: 3.2 s at least, time
     * enough for a few commands before it starts again.
     */
    private String awaitLongBackOff(String name) throws Exception {
        return poll(() -> jocker.run("inspect", name).stdout(),
                s -> s.contains("\"Status\": \"restarting\"") && restartCount(s) >= 6);
    }

    private static int restartCount(String inspect) {
        Matcher m = Pattern.compile("\"RestartCount\": (\\d+)").matcher(inspect);
        assertTrue(m.find(), inspect);
        return Integer.parseInt(m.group(1));
    }

    /**
     * Waits out the back-off the policy would be in at the container's restart count (the
     * supervisor waits {@code RestartPolicies.delay(count)}) and a second more, then checks that
     * it did not run again: no event marks a restart that does not happen, so the wait is as long
     * as one would take.
     */
    private void assertNotRestarted(String name, long runsBefore, String why) throws Exception {
        int count = restartCount(jocker.run("inspect", name).stdout());
        Thread.sleep(RestartPolicies.delay(count).toMillis() + 1000);
        assertEquals(runsBefore, runs(name), why);
    }

    /** Polls {@code read} until {@code done} (at most 30 s); returns what satisfied it. */
    private static String poll(Callable<String> read, Predicate<String> done) throws Exception {
        String last = null;
        for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline; Thread.sleep(20)) {
            last = read.call();
            if (done.test(last)) {
                return last;
            }
        }
        throw new AssertionError("never reached; last seen:\n" + last);
    }

    private long runs(String name) throws Exception {
        return jocker.run("logs", name).stdout().lines().filter("run"::equals).count();
    }
}
