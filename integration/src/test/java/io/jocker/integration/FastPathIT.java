package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** With a supervisor running, short commands are answered by it: the CLI JVM loads no picocli, Guice or Jackson. */
class FastPathIT extends ContainerFixture {

    @Test
    void psLogsAndRmGoThroughTheWarmSupervisor() throws Exception {
        Result run = jocker.run("run", "-d", "--name", "svc", "busybox", "sh", "-c", "echo out; echo err >&2; sleep 1000");
        assertOk(run);
        String id = run.stdout().trim();
        Path classes = tmp.resolve("classes.log");
        JockerCli traced = new JockerCli(JockerCli.distribution(), jocker.root())
                .env("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);

        Result ps = traced.run("ps", "--no-trunc");
        assertOk(ps);
        assertTrue(ps.stdout().startsWith("CONTAINER ID"), ps::toString);
        assertTrue(ps.stdout().contains(id), ps::toString);
        assertLoadedNothingHeavy(classes);

        for (int i = 0; i < 100 && !jocker.run("logs", "svc").stdout().contains("out"); i++) {
            Thread.sleep(50);
        }
        Result logs = traced.run("logs", "svc");
        assertEquals("out\n", logs.stdout());
        assertTrue(logs.stderr().endsWith("err\n"), logs::toString);
        assertLoadedNothingHeavy(classes);

        Result missing = traced.run("rm", "nosuch");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().contains("No such container: nosuch"), missing::toString);
        Result rm = traced.run("rm", "-f", "svc");
        assertOk(rm);
        assertEquals("svc\n", rm.stdout());
        assertLoadedNothingHeavy(classes);
        assertEquals("", jocker.run("ps", "-aq").stdout());
    }

    private static void assertLoadedNothingHeavy(Path classes) throws Exception {
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("io.jocker.cli.FastPath"), "the fast path ran");
        for (String heavy : new String[] {"picocli.CommandLine ", "com.google.inject.", "com.fasterxml.jackson."}) {
            assertFalse(loaded.contains(heavy), "the client loaded " + heavy);
        }
    }
}
