package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import org.junit.jupiter.api.Test;

/** {@code --restart} applied by the supervisor. */
class RestartPolicyIT extends ContainerFixture {

    @Test
    void onFailureRestartsUpToTheLimit() throws Exception {
        Result run = jocker.run("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "echo run; exit 3");
        assertOk(run);
        for (int i = 0; i < 200 && !jocker.run("inspect", "flaky").stdout().contains("\"RestartCount\" : 2"); i++) {
            Thread.sleep(50);
        }
        assertEquals("3\n", jocker.run("wait", "flaky").stdout());
        Thread.sleep(1000);
        Result inspect = jocker.run("inspect", "flaky");
        assertContains(inspect.stdout(), "\"RestartCount\" : 2", "\"Name\" : \"on-failure\"", "\"MaximumRetryCount\" : 2",
                "\"Status\" : \"exited\"");
        assertEquals("run\nrun\nrun\n", jocker.run("logs", "flaky").stdout());
    }

    @Test
    void alwaysRestartsUntilTheUserStopsIt() throws Exception {
        assertOk(jocker.run("run", "-d", "--name", "loop", "--restart", "always", "busybox", "sh", "-c", "echo run; sleep 0.3"));
        for (int i = 0; i < 200 && runs() < 3; i++) {
            Thread.sleep(50);
        }
        assertTrue(runs() >= 3, "restarted after clean exits");
        assertOk(jocker.run("stop", "-t", "0", "loop"));
        long stopped = runs();
        Thread.sleep(1500);
        assertEquals(stopped, runs(), "no restart after a stop by the user");
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

    private long runs() throws Exception {
        return jocker.run("logs", "loop").stdout().lines().filter("run"::equals).count();
    }
}
