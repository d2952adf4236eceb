package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Detached containers end to end: {@code run -d}, the supervisor, logs and the lifecycle commands. */
class DetachedIT extends ContainerFixture {

    private static final String ID = "[0-9a-f]{64}";

    @Test
    void runDetachedRecordsTheExitCodeAndKeepsBothStreamsInOrder() throws Exception {
        String id = detached("--name", "job", "busybox", "sh", "-c", "echo out1; echo err1 >&2; sleep 0.2; echo out2; exit 3");
        Result waited = jocker.run("wait", "job");
        assertOk(waited);
        assertEquals("3\n", waited.stdout());
        Result ps = jocker.run("ps", "-a");
        assertContains(ps.stdout(), id.substring(0, 12), "Exited (3)", "job");
        Result logs = jocker.run("logs", "job");
        assertOk(logs);
        assertEquals("out1\nout2\n", logs.stdout());
        assertEquals("err1\n", logs.stderr());
        Result stamped = jocker.run("logs", "-t", "--tail", "1", id.substring(0, 8));
        assertTrue(stamped.stdout().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z out2\n"), stamped::toString);
        Result inspect = jocker.run("inspect", "job");
        assertOk(inspect);
        assertContains(inspect.stdout(), "\"Id\": \"" + id + "\"", "\"Name\": \"/job\"", "\"Status\": \"exited\"",
                "\"ExitCode\": 3", "\"Running\": false", "\"Cmd\": [\n                \"sh\",\n                \"-c\"", "\"GraphDriver\"", "\"FinishedAt\"");
    }

    @Test
    void logsFollowUntilTheContainerExits() throws Exception {
        detached("--name", "ticker", "busybox", "sh", "-c", "for i in 1 2 3 4 5; do echo tick $i; sleep 0.3; done");
        Result followed = jocker.run("logs", "-f", "ticker");
        assertOk(followed);
        assertEquals("tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n", followed.stdout());
        assertContains(jocker.run("ps", "-a", "--filter", "name=ticker").stdout(), "Exited (0)");
        assertEquals("", jocker.run("logs", "--since", "2099-01-01T00:00:00Z", "ticker").stdout());
        assertEquals("tick 5\n", jocker.run("logs", "--since", "0", "--tail", "1", "ticker").stdout());
    }

    @Test
    void stopEscalatesToSigkillForAPid1WithoutHandler() throws Exception {
        String id = detached("busybox", "sleep", "1000");
        assertContains(jocker.run("ps").stdout(), id.substring(0, 12), "Up ");
        long before = System.nanoTime();
        Result stop = jocker.run("stop", "-t", "1", id);
        assertOk(stop);
        assertEquals(id + "\n", stop.stdout());
        assertTrue(System.nanoTime() - before > 1_000_000_000L, "waited for the timeout before SIGKILL");
        assertContains(jocker.run("ps", "-a").stdout(), "Exited (137)");
        assertEquals("", jocker.run("ps", "-q").stdout());
        assertOk(jocker.run("stop", id));
    }

    @Test
    void killSendsTheGivenSignal() throws Exception {
        String id = detached("busybox", "sh", "-c", "trap 'exit 7' TERM; echo ready; while true; do sleep 0.1; done");
        awaitLog(id, "ready");
        assertOk(jocker.run("kill", "-s", "SIGTERM", id));
        assertEquals("7\n", jocker.run("wait", id).stdout());
        Result again = jocker.run("kill", id);
        assertEquals(1, again.exitCode(), again::toString);
        assertContains(again.stderr(), "is not running");
    }

    @Test
    void startRunsAStoppedContainerAgainOnItsOwnWritableLayer() throws Exception {
        Result created = jocker.run("create", "--name", "counter", "busybox", "sh", "-c", "echo run >> /count; wc -l < /count");
        assertOk(created);
        assertTrue(created.stdout().trim().matches(ID), created::toString);
        assertContains(jocker.run("ps", "-a").stdout(), "Created", "counter");
        assertOk(jocker.run("start", "counter"));
        assertEquals("0\n", jocker.run("wait", "counter").stdout());
        assertOk(jocker.run("start", "counter"));
        assertEquals("0\n", jocker.run("wait", "counter").stdout());
        assertEquals("1\n2\n", jocker.run("logs", "counter").stdout());
    }

    @Test
    void restartStopsAndStartsAgain() throws Exception {
        String id = detached("busybox", "sh", "-c", "echo started; sleep 1000");
        awaitLog(id, "started");
        assertOk(jocker.run("restart", "-t", "0", id));
        awaitLog(id, "started\nstarted");
        assertContains(jocker.run("ps").stdout(), id.substring(0, 12), "Up ");
    }

    @Test
    void namesResolveAndRenameChecksThem() throws Exception {
        String a = detached("--name", "alpha", "busybox", "sleep", "1000");
        assertOk(jocker.run("rename", "alpha", "beta"));
        assertContains(jocker.run("ps", "--filter", "name=^bet").stdout(), a.substring(0, 12), "beta");
        assertEquals("", jocker.run("ps", "-q", "--filter", "name=alpha").stdout());
        detached("--name", "gamma", "busybox", "sleep", "1000");
        Result taken = jocker.run("rename", "beta", "gamma");
        assertEquals(1, taken.exitCode(), taken::toString);
        assertContains(taken.stderr(), "is already in use");
        Result bad = jocker.run("rename", "beta", "-bad name");
        assertEquals(1, bad.exitCode(), bad::toString);
        Result unknown = jocker.run("inspect", "nosuch");
        assertEquals(1, unknown.exitCode());
        assertContains(unknown.stderr(), "No such object: nosuch");
        assertContains(jocker.run("ps", "--filter", "id=" + a.substring(0, 5), "--format", "json").stdout(),
                "\"ID\":\"" + a.substring(0, 12) + "\"", "\"Names\":\"beta\"", "\"State\":\"running\"");
        assertOk(jocker.run("stop", "-t", "0", "beta", "gamma"));
        assertEquals(2, jocker.run("ps", "-q", "--filter", "status=exited").stdout().lines().count());
    }

    @Test
    void detachedRmRemovesTheContainerWhenItExits() throws Exception {
        String id = detached("--rm", "busybox", "true");
        for (int i = 0; i < 100 && jocker.run("ps", "-aq", "--no-trunc").stdout().contains(id); i++) {
            Thread.sleep(100);
        }
        assertFalse(jocker.run("ps", "-aq", "--no-trunc").stdout().contains(id));
    }

    @Test
    void badInputsFailWithOneLineAndLeaveNothing() throws Exception {
        // Docker's statuses: 125 for every failure of run and for a flag value refused as such, 1 for the others.
        for (List<String> args : List.of(
                List.of("125", "run", "-d", "--name", "no/slash", "busybox", "true"),
                List.of("1", "logs", "--tail", "x", "nosuch"),
                List.of("1", "kill", "-s", "BOGUS", "nosuch"),
                List.of("1", "ps", "--filter", "status=sleeping"),
                List.of("1", "ps", "--filter", "colour=red"),
                List.of("1", "stop", "-t", "-1", "nosuch"))) {
            Result r = jocker.run(args.subList(1, args.size()).toArray(String[]::new));
            assertEquals(Integer.parseInt(args.get(0)), r.exitCode(), () -> args + ": " + r);
            assertEquals(1, r.stderr().lines().filter(l -> !l.startsWith("See ")).count(), () -> args + ": " + r);
        }
        Result failed = jocker.run("run", "-d", "busybox", "/no/such/command");
        assertEquals(127, failed.exitCode(), failed::toString);
        assertEquals("", jocker.run("ps", "-q").stdout());
        Result missing = jocker.run("stop", "nosuch");
        assertEquals(1, missing.exitCode());
        assertContains(missing.stderr(), "No such container: nosuch");
    }

    private void awaitLog(String id, String text) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (jocker.run("logs", id).stdout().contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the log of " + id + " never showed \"" + text + "\": " + jocker.run("logs", id));
    }
}
