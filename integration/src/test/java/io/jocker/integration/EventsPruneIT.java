package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code events} from the event log every command writes, and the prune commands, for real. */
class EventsPruneIT extends ContainerFixture {

    @Test
    void everyCommandRecordsItsEventsAndEventsShowsThePastOnes() throws Exception {
        String since = Long.toString(Instant.now().getEpochSecond() - 1);
        assertOk(jocker.run("run", "--name", "once", "-l", "tier=web", "busybox", "true"));
        assertOk(jocker.run("rm", "once"));
        assertOk(jocker.run("volume", "create", "logged"));
        // An --until that has passed prints what was recorded and returns.
        Instant now = Instant.now();
        String until = now.getEpochSecond() + "." + String.format("%09d", now.getNano());

        Result containers = jocker.run("events", "--since", since, "--until", until, "--filter", "type=container",
                "--format", "{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.tier}}");
        assertOk(containers);
        assertEquals(List.of("create once web", "start once web", "die once web", "destroy once web"),
                containers.stdout().lines().toList(), containers::toString);

        Result plain = jocker.run("system", "events", "--since", since, "--until", until, "--filter", "event=create");
        assertOk(plain);
        List<String> lines = plain.stdout().lines().toList();
        assertEquals(2, lines.size(), plain::toString);
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}(Z|[+-]\\d\\d:\\d\\d) container create [0-9a-f]{64} \\(.*image=busybox.*name=once.*tier=web\\)"),
                plain::toString);
        assertTrue(lines.get(1).endsWith(" volume create logged (driver=local)"), plain::toString);

        Result json = jocker.run("events", "--since", since, "--until", until, "--filter", "volume=logged", "--format", "json");
        assertTrue(json.stdout().startsWith("{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"logged\""), json::toString);
        assertTrue(json.stdout().contains("\"scope\":\"local\",\"time\":"), json::toString);
        assertOk(jocker.run("volume", "rm", "logged"));
    }

    @Test
    void eventsFollowsTheLogUntilStopped() throws Exception {
        Path output = tmp.resolve("events.out");
        List<String> command = new ArrayList<>(List.of(JockerCli.distribution().resolve("bin/jocker").toString(), "--root",
                jocker.root().toString(), "events", "--since", Long.toString(Instant.now().getEpochSecond() - 1),
                "--filter", "type=volume", "--format", "{{.Type}} {{.Action}} {{.Actor.ID}}"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process events = pb.start();
        try {
            assertOk(jocker.run("volume", "create", "followed"));
            assertOk(jocker.run("volume", "rm", "followed"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!Files.readString(output).contains("volume destroy followed") && System.currentTimeMillis() < deadline) {
                if (!events.isAlive()) {
                    throw new AssertionError("events ended: " + read(output));
                }
                Thread.sleep(100);
            }
            assertEquals("volume create followed\nvolume destroy followed\n", read(output));
            assertTrue(events.isAlive(), "events follows until it is stopped");
        } finally {
            events.destroy();
            events.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void badTimesAndFormatsAreRefused() throws Exception {
        Result backwards = jocker.run("events", "--since", "2024-01-02", "--until", "2024-01-01");
        assertEquals(1, backwards.exitCode(), backwards::toString);
        assertTrue(backwards.stderr().startsWith("jocker: `since` time (2024-01-02) cannot be after `until` time (2024-01-01)"),
                backwards::toString);
        Result badTime = jocker.run("events", "--since", "yesterday");
        assertFalse(badTime.exitCode() == 0, badTime::toString);
        assertFalse(badTime.stderr().contains("Exception"), badTime::toString);
        Result badFilter = jocker.run("events", "--filter", "colour=red", "--until", "1");
        assertTrue(badFilter.stderr().contains("invalid filter 'colour'"), badFilter::toString);
        Result badFormat = jocker.run("events", "--format", "{{.Nosuch}}", "--until", "1");
        assertEquals(64, badFormat.exitCode(), badFormat::toString);
    }

    @Test
    void containerPruneAsksFirstAndRemovesOnlyStoppedContainers() throws Exception {
        String running = detached("--name", "running", "busybox", "sleep", "600");
        assertOk(jocker.run("run", "--name", "stopped", "busybox", "true"));
        String stopped = jocker.run("inspect", "-f", "{{.Id}}", "stopped").stdout().trim();

        Path no = Files.writeString(tmp.resolve("no"), "n\n");
        Result declined = jocker.runWithInput(no, "container", "prune");
        assertOk(declined);
        assertEquals("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ", declined.stdout());
        assertEquals(2, jocker.run("ps", "-aq").stdout().lines().count());

        Path yes = Files.writeString(tmp.resolve("yes"), "y\n");
        Result pruned = jocker.runWithInput(yes, "container", "prune", "--filter", "until=1h");
        assertOk(pruned);
        assertTrue(pruned.stdout().endsWith("Total reclaimed space: 0B\n"), "until=1h: none is old enough: " + pruned);
        Result forced = jocker.run("container", "prune", "-f");
        assertOk(forced);
        assertTrue(forced.stdout().startsWith("Deleted Containers:\n" + stopped + "\n\nTotal reclaimed space: "), forced::toString);
        assertEquals(running + "\n", jocker.run("ps", "-aq", "--no-trunc").stdout());
    }

    @Test
    void imagePruneRemovesDanglingImagesOrWithAllEveryUnusedOne() throws Exception {
        assertOk(jocker.run("tag", "busybox", "spare:1"));
        Result dangling = jocker.run("image", "prune", "-f");
        assertEquals("Total reclaimed space: 0B\n", dangling.stdout(), "tagged images are not dangling: " + dangling);
        detached("--name", "user", "busybox", "sleep", "600");
        Result all = jocker.run("image", "prune", "-a", "-f");
        assertOk(all);
        assertEquals("Total reclaimed space: 0B\n", all.stdout(), "an image a container uses stays, whatever its tags: " + all);
        assertOk(jocker.run("rm", "-f", "user"));
        Result none = jocker.run("image", "prune", "-a", "-f", "--filter", "label=nosuch");
        assertEquals("Total reclaimed space: 0B\n", none.stdout(), none::toString);
        Result gone = jocker.run("image", "prune", "-a", "-f");
        assertOk(gone);
        assertTrue(gone.stdout().startsWith("Deleted Images:\n"), gone::toString);
        assertTrue(gone.stdout().contains("untagged: busybox:latest\n") && gone.stdout().contains("untagged: spare:1\n")
                && gone.stdout().contains("\ndeleted: sha256:"), gone::toString);
        assertEquals("", jocker.run("images", "-q").stdout());
    }

    @Test
    void systemPruneRemovesStoppedContainersAnonymousVolumesAndDanglingImages() throws Exception {
        assertOk(jocker.run("run", "--name", "stopped", "-v", "/anon", "-v", "named:/named", "busybox", "true"));
        Result pruned = jocker.run("system", "prune", "-f", "--volumes");
        assertOk(pruned);
        assertTrue(pruned.stdout().startsWith("Deleted Containers:\n"), pruned::toString);
        assertTrue(pruned.stdout().contains("Deleted Volumes:\n"), pruned::toString);
        assertEquals("", jocker.run("ps", "-aq").stdout());
        assertEquals("named\n", jocker.run("volume", "ls", "-q").stdout(), "a named volume is not anonymous");
        assertEquals("busybox\n", jocker.run("images", "--format", "{{.Repository}}").stdout(), "without -a tagged images stay");
        Result volumes = jocker.run("volume", "prune", "-a", "-f");
        assertEquals("Deleted Volumes:\nnamed\n\nTotal reclaimed space: 0B\n", volumes.stdout(), volumes::toString);
        Result untilWithVolumes = jocker.run("system", "prune", "-f", "--volumes", "--filter", "until=1h");
        assertEquals(1, untilWithVolumes.exitCode(), untilWithVolumes::toString);
        assertTrue(untilWithVolumes.stderr().contains("The \"until\" filter is not supported with \"--volumes\""), untilWithVolumes::toString);
    }

    private static String read(Path output) throws java.io.IOException {
        return Files.readString(output);
    }
}
