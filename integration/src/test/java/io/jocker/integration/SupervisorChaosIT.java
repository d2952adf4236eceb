package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli.Route;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's standing fault: commands issued while the supervisor is killed (kill -9, by the PID
 * in its PID file) and restarted every few hundred milliseconds. None may wait on a dead
 * supervisor: each ends (the harness counts one that takes longer than {@link #HUNG_SECONDS} as
 * hung), succeeds or fails with 125 and a one-line reason; afterwards the state is truthful (what
 * a command said it did is so, and whatever says running runs) and every command works again.
 */
class SupervisorChaosIT extends ContainerFixture {

    /** This test is about the launcher's choice between the supervisor and a JVM: it is left to the launcher. */
    @Override
    Route route() {
        return Route.EITHER;
    }

    private static final int COMMANDS = 200;
    private static final int CLIENTS = 4;
    /** A bound for the harness, far above a JVM's start on a busy machine: a hang is forever. */
    private static final long HUNG_SECONDS = 30;
    private static final Pattern PID = Pattern.compile("\"Pid\"\\s*:\\s*(\\d+)");
    private static final Pattern RUNNING = Pattern.compile("\"Status\"\\s*:\\s*\"running\"");

    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    /** Containers whose run -d succeeded, and whose rm -f has not. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Containers whose rm -f succeeded. */
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    /** Names whose run -d or rm -f failed: they may or may not exist. */
    private final Set<String> uncertain = ConcurrentHashMap.newKeySet();

    @Test
    void commandsWhileTheSupervisorIsKilledAndRestartedNeverHangAndTheStateStaysTruthful() throws Exception {
        assertOk(jocker.run("run", "-d", "--name", "keep", "busybox", "sh", "-c", "echo ready; sleep 1000"));
        JockerCli client = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER).timeout(HUNG_SECONDS);
        long began = System.nanoTime();
        Killer killer = new Killer(new Random(15));
        Thread killing = new Thread(killer, "supervisor-killer");
        killing.start();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int number = c;
                done.add(clients.submit(() -> issue(client, number, COMMANDS / CLIENTS)));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            clients.shutdownNow();
            killer.stop();
            killing.join();
            killer.stopOwnSupervisors();
        }
        System.out.printf("chaos: %d commands in %d s, %d supervisors killed: %d succeeded, %d failed with 125%n", COMMANDS,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began), killer.kills.get(), succeeded.get(), failed.get());
        assertEquals(List.of(), problems, "commands that hung or failed unclearly");
        assertTrue(killer.kills.get() >= 10, "the supervisor was killed only " + killer.kills.get() + " times");
        assertTruthfulState();
    }

    /**
     * One client's commands, one after another, mostly the fast path's reads, with a run -d and
     * an rm -f (of its oldest container) in every ten.
     */
    private void issue(JockerCli client, int number, int count) {
        Deque<String> mine = new ArrayDeque<>();
        for (int i = 0; i < count; i++) {
            switch (i % 10) {
                case 0 -> {
                    String name = "c" + number + "-" + i;
                    Optional<Result> run = check(client, "run", "-d", "--name", name, "busybox", "sleep", "1000");
                    if (run.isPresent() && run.get().exitCode() == 0) {
                        running.add(name);
                        mine.add(name);
                    } else {
                        uncertain.add(name);
                    }
                }
                case 5 -> {
                    String name = mine.poll();
                    if (name == null) {
                        check(client, "ps");
                        continue;
                    }
                    Optional<Result> rm = check(client, "rm", "-f", name);
                    running.remove(name);
                    if (rm.isPresent() && rm.get().exitCode() == 0) {
                        removed.add(name);
                    } else {
                        uncertain.add(name);
                    }
                }
                case 1, 6 -> check(client, "ps", "-a");
                case 2, 7 -> check(client, "inspect", "keep");
                case 3, 8 -> check(client, "images");
                default -> check(client, "logs", "keep");
            }
        }
    }

    /** Runs a command; it must end, and succeed or fail with 125 and a clear reason. Empty when it hung. */
    private Optional<Result> check(JockerCli client, String... args) {
        String line = String.join(" ", args);
        Result result;
        try {
            result = client.run(args);
        } catch (JockerCli.Hung e) {
            problems.add("hung: " + line);
            return Optional.empty();
        } catch (Exception e) {
            problems.add("cannot run " + line + ": " + e);
            return Optional.empty();
        }
        if (result.exitCode() == 0) {
            succeeded.incrementAndGet();
        } else if (result.exitCode() == 125 && clear(result.stderr())) {
            failed.incrementAndGet();
        } else {
            problems.add(line + ": " + result);
        }
        return Optional.of(result);
    }

    /** A reason a user can read: jocker's own lines, no Java class. */
    private static boolean clear(String stderr) {
        return stderr.startsWith("jocker: ") && !stderr.contains("Exception") && !stderr.contains("java.");
    }

    private void assertTruthfulState() throws Exception {
        Result ps = jocker.run("ps", "-a", "--format", "json");
        assertOk(ps);
        for (String name : running) {
            assertRunning(name);
        }
        assertRunning("keep");
        assertContains(jocker.run("logs", "keep").stdout(), "ready");
        for (String name : removed) {
            Result inspect = jocker.run("inspect", name);
            assertEquals(1, inspect.exitCode(), () -> name + " was removed, yet: " + inspect);
        }
        for (String name : uncertain) {
            Result rm = jocker.run("rm", "-f", name);
            assertTrue(rm.exitCode() == 0 || rm.stderr().contains("No such container"), () -> "rm -f " + name + ": " + rm);
        }
        // Whatever says running runs.
        Result ids = jocker.run("ps", "-q", "--no-trunc");
        assertOk(ids);
        for (String id : ids.stdout().lines().toList()) {
            assertRunning(id);
        }
        // And every command works again: a retry of each kind succeeds.
        assertOk(jocker.run("run", "-d", "--name", "after", "busybox", "sleep", "1000"));
        assertOk(jocker.run("rm", "-f", "after"));
        assertOk(jocker.run("images"));
    }

    private void assertRunning(String container) throws Exception {
        Result inspect = jocker.run("inspect", container);
        assertOk(inspect);
        assertTrue(RUNNING.matcher(inspect.stdout()).find(), () -> container + " is not running: " + inspect);
        Matcher pid = PID.matcher(inspect.stdout());
        assertTrue(pid.find(), inspect::toString);
        assertTrue(Files.exists(Path.of("/proc", pid.group(1))), () -> container + " says running, but its process is gone");
    }

    /**
     * Starts a supervisor whenever none runs, and kills the root's supervisor (kill -9, the PID in
     * its PID file) a few hundred milliseconds after it serves the fast path, until stopped.
     */
    private final class Killer implements Runnable {

        private final Random random;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger kills = new AtomicInteger();
        private final List<Process> started = Collections.synchronizedList(new ArrayList<>());

        Killer(Random random) {
            this.random = random;
        }

        @Override
        public void run() {
            try {
                while (!stopped.get()) {
                    if (SupervisorProcesses.of(jocker.root()).isEmpty()) {
                        started.add(startSupervisor());
                    }
                    Optional<ProcessHandle> serving = awaitServing();
                    Thread.sleep(100 + random.nextInt(400));
                    if (serving.isPresent() && serving.get().destroyForcibly()) {
                        serving.get().onExit().get(20, TimeUnit.SECONDS);
                        kills.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                problems.add("the killer failed: " + e);
            }
        }

        void stop() {
            stopped.set(true);
        }

        /** Ends the supervisors it started that still run (a kill -9 leaves the ones that waited for the lock). */
        void stopOwnSupervisors() throws Exception {
            for (Process process : started) {
                process.destroy();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }

        /** The supervisor that holds the root once it serves the fast path (its FIFO exists), or empty after a while. */
        private Optional<ProcessHandle> awaitServing() throws Exception {
            Path supervisorDir = jocker.root().resolve("supervisor");
            for (int i = 0; i < 400 && !stopped.get(); i++) {
                Optional<ProcessHandle> holder = holder(supervisorDir.resolve("supervisor.pid"));
                if (holder.isPresent() && Files.exists(supervisorDir.resolve("cli-1.fifo"))
                        && Files.getLastModifiedTime(supervisorDir.resolve("cli-1.fifo")).toInstant()
                                .isAfter(holder.get().info().startInstant().orElseThrow())) {
                    return holder;
                }
                Thread.sleep(25);
            }
            return Optional.empty();
        }

        /** The live supervisor of this root that its PID file names. */
        private Optional<ProcessHandle> holder(Path pidFile) throws Exception {
            String pid;
            try {
                pid = Files.readString(pidFile).trim();
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            if (pid.isEmpty()) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(pid)).filter(p -> p.info().commandLine()
                    .map(c -> c.contains(jocker.root().toString()) && c.endsWith(" supervisor")).orElse(false));
        }

        private Process startSupervisor() throws Exception {
            ProcessBuilder pb = new ProcessBuilder(JockerCli.distribution().resolve("bin/jocker").toString(), "--root",
                    jocker.root().toString(), "supervisor")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("supervisors.out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", "60000");
            return pb.start();
        }
    }
}
