package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.cgroups.CgroupLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Resource limits end to end on this host's cgroup v1: run flags, OOM, update, pause, stats, info, bad input. */
class ResourcesIT extends ContainerFixture {

    private static final Path CGROUP = Path.of("/sys/fs/cgroup");
    private static final long MB = 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aProcessAllocatingTwiceTheMemoryLimitIsOomKilledAndTheStateSaysSo() throws Exception {
        Result r = jocker.run("run", "--name", "hog", "-m", "32m", "busybox", "sh", "-c",
                "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived");
        assertEquals(137, r.exitCode(), r::toString);
        assertFalse(r.stdout().contains("survived"), r::toString);
        JsonNode record = record(onlyContainerId());
        assertEquals("exited", record.path("state").path("status").asText().toLowerCase());
        assertEquals(137, record.path("state").path("exitCode").asInt());
        assertTrue(record.path("state").path("oomKilled").asBoolean(), record::toString);
        assertEquals(32 * MB, record.path("hostConfig").path("resources").path("memory").asLong());
        CgroupLeaks.assertNoCgroup(CGROUP, record.path("id").asText());
    }

    @Test
    void aNormalExitIsNotRecordedAsOomKilled() throws Exception {
        assertOk(jocker.run("run", "-m", "32m", "busybox", "true"));
        assertFalse(record(onlyContainerId()).path("state").path("oomKilled").asBoolean());
    }

    @Test
    void thePidsLimitStopsAForkLoop() throws Exception {
        // Counts background children until fork fails; the shell itself is the tenth task.
        Result r = jocker.run("run", "--rm", "--pids-limit", "10", "busybox", "sh", "-c",
                "i=0; while [ $i -lt 50 ]; do sleep 30 & i=$((i+1)); echo $i; done");
        assertNotEquals(0, r.exitCode(), r::toString);
        List<String> counted = r.stdout().lines().toList();
        assertEquals("9", counted.get(counted.size() - 1), r::toString);
        assertContains(r.stderr(), "fork");
    }

    @Test
    void cpusetCpusShowsInTheProcessStatus() throws Exception {
        Result r = jocker.run("run", "--rm", "--cpuset-cpus", "0", "busybox", "grep", "Cpus_allowed_list", "/proc/self/status");
        assertOk(r);
        assertEquals("Cpus_allowed_list:\t0", r.stdout().trim());
    }

    @Test
    void cpusBecomeTheCfsQuotaOfTheCgroupAndZeroCpusMeansNoLimit() throws Exception {
        String id;
        try (BackgroundRun run = BackgroundRun.start(jocker, tmp.resolve("out"), "half", "--cpus", "0.5",
                "busybox", "sleep", "60")) {
            id = run.awaitRunning();
            assertEquals("50000", cgroupFile("cpu", id, "cpu.cfs_quota_us"));
            assertEquals("100000", cgroupFile("cpu", id, "cpu.cfs_period_us"));
        }
        CgroupLeaks.assertNoCgroup(CGROUP, id);
    }

    @Test
    void aPausedContainerMakesNoProgressAndResumesAfterUnpause() throws Exception {
        Path out = tmp.resolve("counter");
        try (BackgroundRun run = BackgroundRun.start(jocker, out, "counter", "busybox", "sh", "-c",
                "i=0; while true; do i=$((i+1)); echo $i; sleep 0.05; done")) {
            String id = run.awaitRunning();
            awaitCount(run, 3);

            Result paused = jocker.run("pause", "counter");
            assertOk(paused);
            assertEquals("counter\n", paused.stdout());
            assertEquals("FROZEN", cgroupFile("freezer", id, "freezer.state"));
            assertContains(jocker.run("ps").stdout(), "(Paused)");
            long frozenAt = lastCount(run);
            Thread.sleep(1000);
            assertEquals(frozenAt, lastCount(run), "the counter moved while paused");

            Result again = jocker.run("pause", "counter");
            assertEquals(1, again.exitCode(), again::toString);
            assertEquals("jocker: Container " + id + " is already paused\n", again.stderr());

            assertOk(jocker.run("unpause", "counter"));
            assertEquals("THAWED", cgroupFile("freezer", id, "freezer.state"));
            awaitCount(run, frozenAt + 3);
            assertFalse(jocker.run("ps").stdout().contains("(Paused)"));

            Result notPaused = jocker.run("unpause", id.substring(0, 12));
            assertEquals(1, notPaused.exitCode(), notPaused::toString);
            assertEquals("jocker: Container " + id + " is not paused\n", notPaused.stderr());
        }
    }

    @Test
    void aPausedContainerCanBeForceRemoved() throws Exception {
        try (BackgroundRun run = BackgroundRun.start(jocker, tmp.resolve("out"), "frozen", "busybox", "sleep", "60")) {
            String id = run.awaitRunning();
            assertOk(jocker.run("pause", id));
            Result refused = jocker.run("rm", id);
            assertEquals(1, refused.exitCode(), refused::toString);
            assertEquals("jocker: You cannot remove a paused container " + id
                    + ". Unpause and then stop the container before attempting removal or force remove\n", refused.stderr());
            assertOk(jocker.run("rm", "-f", id));
            assertEquals(137, run.waitFor());
            CgroupLeaks.assertNoCgroup(CGROUP, id);
        }
    }

    @Test
    void pauseAndUnpauseOfAStoppedContainerAreRefused() throws Exception {
        assertOk(jocker.run("run", "--name", "done", "busybox", "true"));
        String id = onlyContainerId();
        Result pause = jocker.run("pause", "done");
        assertEquals(1, pause.exitCode(), pause::toString);
        assertEquals("jocker: Container " + id + " is not running\n", pause.stderr());
        Result unpause = jocker.run("unpause", "done", "nosuch");
        assertEquals(1, unpause.exitCode(), unpause::toString);
        assertEquals("jocker: Container " + id + " is not running\n"
                + "jocker: No such container: nosuch\n", unpause.stderr());
    }

    @Test
    void updateChangesTheLimitsOfARunningContainerAndItsRecord() throws Exception {
        try (BackgroundRun run = BackgroundRun.start(jocker, tmp.resolve("out"), "grow", "-m", "32m", "--pids-limit",
                "20", "busybox", "sleep", "60")) {
            String id = run.awaitRunning();
            assertEquals(Long.toString(32 * MB), cgroupFile("memory", id, "memory.limit_in_bytes"));

            Result refused = jocker.run("update", "-m", "128m", "grow");
            assertEquals(1, refused.exitCode(), refused::toString);
            assertContains(refused.stderr(), "Memory limit should be smaller than already set memoryswap limit");
            assertEquals(Long.toString(32 * MB), cgroupFile("memory", id, "memory.limit_in_bytes"));

            Result updated = jocker.run("update", "-m", "128m", "--memory-swap", "256m", "--pids-limit", "-1", "--cpus",
                    "1.5", "grow");
            assertOk(updated);
            assertEquals("grow\n", updated.stdout());
            assertEquals(Long.toString(128 * MB), cgroupFile("memory", id, "memory.limit_in_bytes"));
            assertEquals("max", cgroupFile("pids", id, "pids.max"));
            assertEquals("150000", cgroupFile("cpu", id, "cpu.cfs_quota_us"));
            JsonNode resources = record(id).path("hostConfig").path("resources");
            assertEquals(128 * MB, resources.path("memory").asLong());
            assertEquals(256 * MB, resources.path("memorySwap").asLong());
            assertEquals(150000, resources.path("cpuQuota").asLong());

            Result stats = jocker.run("stats", "--no-stream", "--format", "json", "grow");
            assertOk(stats);
            JsonNode line = json.readTree(stats.stdout());
            assertEquals("grow", line.path("Name").asText());
            assertEquals(id.substring(0, 12), line.path("ID").asText());
            assertTrue(line.path("MemUsage").asText().endsWith(" / 128MiB"), line::toString);
            assertEquals("1", line.path("PIDs").asText());
        }
    }

    @Test
    void statsShowsDockersColumnsAndTheCpuUseOfABusyContainer() throws Exception {
        try (BackgroundRun run = BackgroundRun.start(jocker, tmp.resolve("out"), "busy", "-m", "64m", "busybox", "sh",
                "-c", "while :; do :; done")) {
            run.awaitRunning();
            Result stats = jocker.run("stats", "--no-stream");
            assertOk(stats);
            List<String> lines = stats.stdout().lines().toList();
            assertEquals(2, lines.size(), stats::toString);
            assertTrue(lines.get(0).matches("CONTAINER ID +NAME +CPU % +MEM USAGE / LIMIT +MEM % +NET I/O +BLOCK I/O +PIDS"),
                    lines.get(0));
            String[] cells = lines.get(1).split(" {3,}");
            assertEquals("busy", cells[1]);
            double cpu = Double.parseDouble(cells[2].replace("%", ""));
            assertTrue(cpu > 5 && cpu <= 105, "a busy loop uses CPU (this machine may be shared): " + lines.get(1));
            assertTrue(cells[3].endsWith(" / 64MiB"), lines.get(1));
            assertEquals("0B / 0B", cells[5], "no interface but loopback");
            assertEquals("1", cells[7]);

            String streamed = streamStats(2);
            assertTrue(streamed.startsWith("\033[2J\033[H"), "the screen is cleared before each table");
            assertContains(streamed.substring(streamed.lastIndexOf("\033[H")), "CONTAINER ID", "busy");
        }
    }

    /** Runs {@code stats} without {@code --no-stream} until it has drawn {@code tables} tables, then stops it (our child, by PID). */
    private String streamStats(int tables) throws Exception {
        Path out = tmp.resolve("stats-stream");
        ProcessBuilder pb = new ProcessBuilder(JockerCli.distribution().resolve("bin/jocker").toString(), "--root",
                jocker.root().toString(), "stats").redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process stats = pb.start();
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (Files.readString(out).split("CONTAINER ID", -1).length <= tables) {
                assertTrue(stats.isAlive(), () -> "stats exited early: " + read(out));
                assertTrue(System.currentTimeMillis() < deadline, () -> "stats did not redraw: " + read(out));
                Thread.sleep(100);
            }
            return Files.readString(out);
        } finally {
            stats.destroy();
            stats.waitFor();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void infoShowsTheCgroupDriverVersionAndControllers() throws Exception {
        Result info = jocker.run("info");
        assertOk(info);
        assertContains(info.stdout(), " Cgroup Driver: v1\n", " Cgroup Version: 1\n");
        String controllers = info.stdout().lines().filter(l -> l.startsWith(" Cgroup Controllers: ")).findFirst()
                .orElseThrow(() -> new AssertionError(info.stdout()));
        for (String controller : List.of("memory", "cpu", "cpuset", "pids", "freezer")) {
            assertTrue(List.of(controllers.substring(" Cgroup Controllers: ".length()).split(" ")).contains(controller),
                    controllers);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-m|1k|Minimum memory limit allowed is 6MB",
        "-m|12q|invalid argument \"12q\" for \"-m, --memory\" flag",
        "--cpus|99|Range of CPUs is from 0.01 to",
        "--cpus|0|Range of CPUs is from 0.01 to",
        "--cpus|-1|Range of CPUs is from 0.01 to",
        "--cpuset-cpus|99|Requested CPUs are not available - requested 99",
        "--memory-swap|16m|You should always set the Memory limit when using Memoryswap limit",
        "--pids-limit|ten|invalid argument \"ten\" for \"--pids-limit\" flag"})
    void badLimitsExit125AndCreateNothing(String flag, String value, String message) throws Exception {
        Result r = jocker.run("run", "--rm", flag, value, "busybox", "true");
        assertEquals(125, r.exitCode(), r::toString);
        assertEquals(1, r.stderr().lines().count(), r::toString);
        assertContains(r.stderr(), message);
        assertEquals("", jocker.run("ps", "-aq").stdout());
        assertNoContainerDirectories();
    }

    @Test
    void badUpdatesExit125AndChangeNothing() throws Exception {
        try (BackgroundRun run = BackgroundRun.start(jocker, tmp.resolve("out"), "keep", "-m", "32m", "busybox",
                "sleep", "60")) {
            String id = run.awaitRunning();
            for (List<String> args : List.of(List.of("-m", "1k"), List.of("--cpus", "99"), List.of("--cpus", "0"), List.of("-m", "12q"),
                    List.of("--cpuset-cpus", "99"), List.<String>of())) {
                String[] command = Stream.concat(Stream.concat(Stream.of("update"), args.stream()), Stream.of("keep"))
                        .toArray(String[]::new);
                Result r = jocker.run(command);
                assertEquals(125, r.exitCode(), () -> args + ": " + r);
                assertTrue(r.stderr().startsWith("jocker: "), () -> args + ": " + r);
            }
            assertEquals(Long.toString(32 * MB), cgroupFile("memory", id, "memory.limit_in_bytes"));
            assertEquals(32 * MB, record(id).path("hostConfig").path("resources").path("memory").asLong());
        }
    }

    private String onlyContainerId() throws Exception {
        List<String> ids = jocker.run("ps", "-aq", "--no-trunc").stdout().lines().toList();
        assertEquals(1, ids.size(), "containers: " + ids);
        return ids.get(0);
    }

    /** The container's record as the file state store keeps it (no {@code inspect} yet). */
    private JsonNode record(String id) throws Exception {
        return json.readTree(jocker.root().resolve("containers").resolve(id).resolve("config.json").toFile());
    }

    private void assertNoContainerDirectories() throws Exception {
        Path containers = jocker.root().resolve("containers");
        if (Files.isDirectory(containers)) {
            try (Stream<Path> entries = Files.list(containers)) {
                assertEquals(List.of(), entries.toList());
            }
        }
    }

    private static String cgroupFile(String hierarchy, String id, String file) throws Exception {
        return Files.readString(CGROUP.resolve(hierarchy).resolve("jocker").resolve(id).resolve(file)).trim();
    }

    private static long lastCount(BackgroundRun run) throws Exception {
        List<String> lines = run.output().lines().filter(l -> l.matches("\\d+")).toList();
        return lines.isEmpty() ? 0 : Long.parseLong(lines.get(lines.size() - 1));
    }

    private static void awaitCount(BackgroundRun run, long count) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (lastCount(run) < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the counter did not reach " + count + ":\n" + run.output());
            }
            Thread.sleep(50);
        }
    }
}
