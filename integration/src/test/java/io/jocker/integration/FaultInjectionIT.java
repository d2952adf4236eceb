package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli.Route;
import io.jocker.testing.JockerCli;
import io.jocker.testing.LeakCheck;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The standing fault suite (issue 15): each case stops a command at a named step (the engine's
 * fault points), kills there with SIGKILL the client (the JVM of a command that runs in its own,
 * or the launcher of one the supervisor serves) or the supervisor, and then checks that every
 * command still works, that the state is truthful (a running container runs, unfrozen, and takes
 * an exec), that running the command again succeeds, and, once everything is removed, that nothing
 * is left: no mount, cgroup or process (LeakCheck), no temporary file, partial layer, container or
 * volume directory (RootLeftovers).
 */
class FaultInjectionIT {

    /** The supervisor stays for the whole case; each case ends it. */
    private static final String IDLE_MILLIS = "60000";
    private static final long EXIT_MILLIS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A root with busybox imported, copied for each case. */
    @TempDir
    static Path template;

    @TempDir
    Path tmp;

    /** Where the command runs: in a JVM of its own, or in the supervisor (the launcher's fast path). */
    enum Mode { JVM, SERVED }

    /** Who is killed at the step. */
    enum Victim { CLIENT, SUPERVISOR }

    /** {@code sample}: one of the cases CI runs; {@code -Dfaults.all=true} runs every case. */
    record Case(String command, String step, Mode mode, Victim victim, boolean sample) {
        @Override
        public String toString() {
            return command + " killed at " + step + " (" + (mode == Mode.JVM ? "in its JVM" : "served") + ", kill the "
                    + victim.name().toLowerCase() + ")";
        }
    }

    private static final boolean SAMPLE = true;
    private static final boolean MORE = false;

    /**
     * Every command at its steps, killing the command's own JVM, the launcher of a served command
     * (its client) or the supervisor. CI runs a sample that has every command, every kind of
     * victim and each step the issue found a defect at, to keep its time to a few minutes.
     */
    static Stream<Case> cases() {
        Stream<Case> all = Stream.of(
                new Case("create", "create.layer", Mode.JVM, Victim.CLIENT, MORE),
                new Case("create", "create.saved", Mode.SERVED, Victim.SUPERVISOR, SAMPLE),
                new Case("run", "start.cgroup", Mode.JVM, Victim.CLIENT, SAMPLE),
                new Case("run", "start.running", Mode.SERVED, Victim.SUPERVISOR, SAMPLE),
                new Case("run", "finish.released", Mode.JVM, Victim.CLIENT, MORE),
                new Case("run -d", "start.running", Mode.JVM, Victim.SUPERVISOR, MORE),
                new Case("run -d", "start.running", Mode.SERVED, Victim.CLIENT, SAMPLE),
                new Case("start", "start.mounted", Mode.SERVED, Victim.SUPERVISOR, SAMPLE),
                new Case("start", "start.cgroup", Mode.JVM, Victim.SUPERVISOR, MORE),
                new Case("stop", "stop.signalled", Mode.JVM, Victim.CLIENT, SAMPLE),
                new Case("stop", "stop.signalled", Mode.SERVED, Victim.SUPERVISOR, MORE),
                new Case("rm", "remove.killed", Mode.JVM, Victim.CLIENT, MORE),
                new Case("rm", "remove.storage", Mode.SERVED, Victim.SUPERVISOR, SAMPLE),
                new Case("commit", "commit.frozen", Mode.JVM, Victim.CLIENT, MORE),
                new Case("commit", "commit.frozen", Mode.SERVED, Victim.SUPERVISOR, MORE),
                new Case("commit", "commit.frozen", Mode.SERVED, Victim.CLIENT, SAMPLE),
                new Case("commit", "commit.spooled", Mode.JVM, Victim.CLIENT, MORE),
                new Case("commit", "commit.layer", Mode.JVM, Victim.CLIENT, SAMPLE),
                new Case("import", "import.unpacking", Mode.JVM, Victim.CLIENT, SAMPLE),
                new Case("import", "import.unpacking", Mode.SERVED, Victim.CLIENT, MORE),
                new Case("import", "import.adopted", Mode.SERVED, Victim.SUPERVISOR, MORE),
                new Case("load", "load.layer", Mode.JVM, Victim.CLIENT, MORE),
                new Case("load", "load.layer", Mode.SERVED, Victim.SUPERVISOR, SAMPLE),
                new Case("load from stdin", "load.layer", Mode.JVM, Victim.CLIENT, MORE),
                new Case("save", "save.layer", Mode.JVM, Victim.CLIENT, SAMPLE),
                new Case("save", "save.layer", Mode.SERVED, Victim.SUPERVISOR, MORE),
                new Case("export", "export.mounted", Mode.JVM, Victim.CLIENT, MORE),
                new Case("export", "export.mounted", Mode.SERVED, Victim.SUPERVISOR, SAMPLE),
                new Case("volume rm", "volume.remove", Mode.JVM, Victim.CLIENT, SAMPLE));
        return Boolean.getBoolean("faults.all") ? all : all.filter(Case::sample);
    }

    private FaultPointControl faults;
    private JockerCli jocker;
    private LeakCheck leaks;
    private Path work;
    private Path out;

    @BeforeAll
    static void importBusybox() throws Exception {
        JockerCli cli = new JockerCli(JockerCli.distribution(), template.resolve("root")).route(Route.EITHER);
        Result imported = cli.run("import", BusyboxRootfs.tar().toString(), "busybox");
        assertEquals(0, imported.exitCode(), imported::toString);
    }

    @BeforeEach
    void copyTemplate() throws Exception {
        Process copy = new ProcessBuilder("cp", "-a", template.resolve("root").toString(), tmp.resolve("root").toString())
                .inheritIO().start();
        assertEquals(0, copy.waitFor());
        faults = new FaultPointControl(tmp.resolve("faults"));
        work = Files.createDirectories(tmp.resolve("work"));
        out = Files.createDirectories(work.resolve("out"));
        Files.copy(BusyboxRootfs.tar(), work.resolve("bb.tar"));
        jocker = cli();
        leaks = LeakCheck.of(jocker.root());
    }

    /** After a failed case, whatever runs is removed; a case that passed removed everything itself. */
    @AfterEach
    void removeEverything() throws Exception {
        faults.releaseAll();
        SupervisorProcesses.stop(jocker.root());
        if (Files.isDirectory(jocker.root().resolve("containers")) && !RootLeftovers.isEmpty(jocker.root().resolve("containers"))) {
            JockerCli cold = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER);
            for (String id : cold.run("ps", "-aq", "--no-trunc").stdout().split("\n")) {
                if (!id.isBlank()) {
                    cold.run("rm", "-f", id.trim());
                }
            }
            SupervisorProcesses.stop(jocker.root());
        }
        leaks.assertClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCommandWorksAndNothingIsLeftAfterAKill(Case c) throws Exception {
        Command command = prepare(c.command());
        if (c.mode() == Mode.SERVED) {
            awaitSupervisor();
        }
        faults.arm(c.step());
        Process client = start(c.mode(), command);
        long holder = faults.awaitReached(c.step(), client, c.toString());
        long supervisor = supervisorPid().orElse(-1L);
        if (c.victim() == Victim.SUPERVISOR) {
            assertEquals(supervisor, holder, "the supervisor reached " + c.step());
            kill(supervisor);
        } else {
            assertEquals(c.mode() == Mode.JVM ? client.pid() : supervisor, holder, "who reached " + c.step());
            kill(client.pid());
        }
        client.waitFor(EXIT_MILLIS, TimeUnit.MILLISECONDS);
        faults.release(c.step());
        assertTrue(!client.isAlive(), c + ": the client still waits " + EXIT_MILLIS + " ms after the kill");
        if (c.victim() == Victim.CLIENT && holder == supervisor) {
            awaitRequestEnd(client.pid());
        }

        assertCommandsWork();
        assertTruthful();
        if (command.retryWhile() == null || jocker.run(command.retryWhile().toArray(String[]::new)).exitCode() == 0) {
            assertOk(jocker.runWithInput(command.stdin(), line(c.mode(), command)));
        }

        removeAllButBusybox();
        SupervisorProcesses.stop(jocker.root());
        assertEquals(List.of(), RootLeftovers.find(jocker.root(), 1, out, command.outputs()), c + " left files behind");
    }

    /**
     * A command line, the file its standard input comes from (or null), the files it writes into
     * {@code out}, and the command that tells whether running it again still has something to do
     * (null: always).
     */
    private record Command(List<String> args, Path stdin, Set<String> outputs, List<String> retryWhile) {
        Command(String... args) {
            this(List.of(args), null, Set.of(), null);
        }
    }

    /** Makes what the command acts on, and returns its command line. */
    private Command prepare(String command) throws Exception {
        return switch (command) {
            case "create" -> new Command("create", "busybox", "sleep", "1000");
            case "run" -> new Command("run", "--rm", "busybox", "true");
            case "run -d" -> new Command("run", "-d", "busybox", "sleep", "1000");
            case "start" -> new Command("start", created("sleep", "1000"));
            case "stop" -> new Command("stop", "-t", "1", detached("sleep", "1000"));
            case "rm" -> {
                String id = detached("sleep", "1000");
                yield new Command(List.of("rm", "-f", id), null, Set.of(), List.of("inspect", id));
            }
            case "commit" -> new Command("commit", changedContainer(), "committed:1");
            case "import" -> new Command("import", "bb.tar", "imported:1");
            case "load" -> new Command(List.of("load", "-i", savedImage().toString()), null, Set.of(), null);
            case "load from stdin" -> new Command(List.of("load"), savedImage(), Set.of(), null);
            case "save" -> new Command(List.of("save", "-o", "out/busybox.tar", "busybox"), null, Set.of("busybox.tar"), null);
            case "export" -> new Command(List.of("export", "-o", "out/fs.tar", created("true")), null, Set.of("fs.tar"), null);
            case "volume rm" -> {
                assertOk(jocker.run("volume", "create", "vol1"));
                yield new Command(List.of("volume", "rm", "vol1"), null, Set.of(), List.of("volume", "inspect", "vol1"));
            }
            default -> throw new IllegalArgumentException(command);
        };
    }

    private String created(String... cmd) throws Exception {
        return id(jocker.run(concat(List.of("create", "busybox"), cmd)));
    }

    private String detached(String... cmd) throws Exception {
        return id(jocker.run(concat(List.of("run", "-d", "busybox"), cmd)));
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    private static String id(Result r) {
        assertOk(r);
        String id = r.stdout().trim();
        assertTrue(id.matches("[0-9a-f]{64}"), () -> "a full id: " + r);
        return id;
    }

    /** A running container with a changed file, for commit. */
    private String changedContainer() throws Exception {
        String id = detached("sleep", "1000");
        assertOk(jocker.run("exec", id, "sh", "-c", "echo changed > /changed"));
        return id;
    }

    /** An archive of an image with a layer the root does not hold (the image is removed again). */
    private Path savedImage() throws Exception {
        String id = changedContainer();
        assertOk(jocker.run("commit", id, "tosave:1"));
        Path archive = work.resolve("saved.tar");
        assertOk(jocker.run("save", "-o", archive.toString(), "tosave:1"));
        assertOk(jocker.run("rm", "-f", id));
        assertOk(jocker.run("rmi", "tosave:1"));
        return archive;
    }

    private void awaitSupervisor() throws Exception {
        assertOk(jocker.run("images"));
        for (int i = 0; i < 400; i++) {
            if (supervisorPid().isPresent() && Files.exists(jocker.root().resolve("supervisor/cli-1.fifo"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no supervisor started");
    }

    private Optional<Long> supervisorPid() {
        return SupervisorProcesses.of(jocker.root()).map(ProcessHandle::pid);
    }

    /** The commands of a case: with the fault points, and a supervisor that stays. */
    private JockerCli cli() {
        return new JockerCli(JockerCli.distribution(), tmp.resolve("root")).route(Route.EITHER).workingDir(work)
                .env("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS).env(FaultPointControl.ENV, faults.dir().toString());
    }

    /** The command line; in {@link Mode#JVM} with a log level of its own, which no supervisor serves. */
    private static String[] line(Mode mode, Command command) {
        List<String> line = new ArrayList<>(mode == Mode.JVM ? List.of("--log-level", "error") : List.of());
        line.addAll(command.args());
        return line.toArray(String[]::new);
    }

    /** Starts the command as a child of the test, with the environment of {@link #cli}. */
    private Process start(Mode mode, Command command) throws Exception {
        List<String> line = new ArrayList<>(List.of(JockerCli.distribution().resolve("bin/jocker").toString(),
                "--root", jocker.root().toString()));
        line.addAll(List.of(line(mode, command)));
        ProcessBuilder pb = new ProcessBuilder(line).directory(work.toFile())
                .redirectOutput(tmp.resolve("client.out").toFile()).redirectError(tmp.resolve("client.err").toFile())
                .redirectInput(command.stdin() != null ? command.stdin().toFile() : new File("/dev/null"));
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS);
        pb.environment().put("JOCKER_DEFAULT_NETWORK", "none");
        pb.environment().put(FaultPointControl.ENV, faults.dir().toString());
        return pb.start();
    }

    private static void kill(long pid) throws Exception {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            process.get().destroyForcibly();
            process.get().onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /** A served request whose client was killed ends in the supervisor, which then removes its files. */
    private void awaitRequestEnd(long clientPid) throws Exception {
        Path request = jocker.root().resolve("supervisor/r." + clientPid + ".args");
        for (int i = 0; i < 600 && Files.exists(request); i++) {
            Thread.sleep(50);
        }
        assertTrue(!Files.exists(request), "the supervisor still serves the request of the killed client " + clientPid);
    }

    private void assertCommandsWork() throws Exception {
        assertOk(jocker.run("ps", "-a"));
        assertOk(jocker.run("images"));
        assertOk(jocker.run("volume", "ls"));
    }

    /**
     * What inspect says is so: a running container's PID 1 runs, its cgroup is not frozen and it
     * takes an exec; a paused one is frozen; no process runs in the cgroup of one that does not run.
     */
    private void assertTruthful() throws Exception {
        for (String id : jocker.run("ps", "-aq", "--no-trunc").stdout().split("\n")) {
            if (id.isBlank()) {
                continue;
            }
            Result inspect = jocker.run("inspect", id);
            assertOk(inspect);
            JsonNode state = JSON.readTree(inspect.stdout()).get(0).get("State");
            String status = state.get("Status").asText();
            Path freezer = Path.of("/sys/fs/cgroup/freezer/jocker", id, "freezer.state");
            if (status.equals("running") || status.equals("paused")) {
                long pid = state.get("Pid").asLong();
                assertTrue(ProcessHandle.of(pid).isPresent(), id + " is " + status + " but its PID " + pid + " is gone");
                if (Files.exists(freezer)) {
                    assertEquals(status.equals("paused") ? "FROZEN" : "THAWED", Files.readString(freezer).trim(), id + " is " + status);
                }
                if (status.equals("running")) {
                    assertOk(jocker.run("exec", id, "true"));
                }
            } else {
                Path procs = freezer.resolveSibling("cgroup.procs");
                if (Files.exists(procs)) {
                    assertEquals("", Files.readString(procs).trim(), id + " is " + status + " but processes run in its cgroup");
                }
            }
        }
    }

    private void removeAllButBusybox() throws Exception {
        for (String id : jocker.run("ps", "-aq", "--no-trunc").stdout().split("\n")) {
            if (!id.isBlank()) {
                assertOk(jocker.run("rm", "-f", id.trim()));
            }
        }
        String busybox = jocker.run("images", "-q", "busybox").stdout().trim();
        for (String image : jocker.run("images", "-q").stdout().split("\n")) {
            if (!image.isBlank() && !image.trim().equals(busybox)) {
                assertOk(jocker.run("rmi", "-f", image.trim()));
            }
        }
        for (String volume : jocker.run("volume", "ls", "-q").stdout().split("\n")) {
            if (!volume.isBlank()) {
                assertOk(jocker.run("volume", "rm", volume.trim()));
            }
        }
    }

    private static void assertOk(Result r) {
        assertEquals(0, r.exitCode(), r::toString);
    }
}
