package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.linux.Fds;
import io.jocker.linux.UnixSockets;
import io.jocker.testing.JockerCli;
import io.jocker.testing.LeakCheck;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/jocker-runc driven as containerd and podman drive runc: a bundle made of the busybox
 * root file system and the config {@code jocker-runc spec} writes, then the spec's lifecycle.
 * The container's stdio is the runtime's, so every command's output goes to files (a pipe
 * would stay open as long as the container runs).
 */
class OciRuntimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static Path bundle;
    private static Path rootfs;
    private static Path root;
    private static Path log;
    private LeakCheck leaks;

    @BeforeAll
    static void bundle() throws Exception {
        dir = Files.createTempDirectory("jocker-oci-it-");
        bundle = Files.createDirectory(dir.resolve("bundle"));
        rootfs = BusyboxRootfs.unpackInto(Files.createDirectory(bundle.resolve("rootfs")));
        root = dir.resolve("state");
        log = dir.resolve("runc.log");
        Result spec = runc("spec", "--bundle", bundle.toString());
        assertEquals(0, spec.code(), spec.toString());
    }

    @AfterAll
    static void removeBundle() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @BeforeEach
    void watch() throws IOException {
        leaks = LeakCheck.of(dir);
    }

    @AfterEach
    void nothingLeaked() throws Exception {
        leaks.assertClean();
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().contains("@")).toList());
        }
    }

    /** Writes the bundle's config with these args, a writable root and the default everything else. */
    private static void configure(String... args) throws IOException {
        configure(null, args);
    }

    /** As {@link #configure(String...)}, with these hooks. */
    private static void configure(ObjectNode hooks, String... args) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        ArrayNode argv = ((ObjectNode) config.get("process")).putArray("args");
        for (String arg : args) {
            argv.add(arg);
        }
        ((ObjectNode) config.get("root")).put("readonly", false);
        ((ObjectNode) config.get("process")).put("terminal", false).remove("consoleSize");
        config.putObject("annotations").put("org.example.test", "oci-it");
        if (hooks != null) {
            config.set("hooks", hooks);
        }
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);
    }

    @Test
    void createWaitsStartRunsKillStopsDeleteRemoves() throws Exception {
        Files.deleteIfExists(rootfs.resolve("started"));
        Path hook = dir.resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\ncat > \"$1\"\n");
        Files.setPosixFilePermissions(hook, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ObjectNode hooks = JSON.createObjectNode();
        for (String phase : List.of("prestart", "poststop")) {
            hooks.putArray(phase).addObject().put("path", hook.toString()).put("timeout", 60)
                    .putArray("args").add("hook.sh").add(dir.resolve(phase + ".json").toString());
        }
        configure(hooks, "sh", "-c", "echo $$ > /started; exec sleep 1000");
        Path pidFile = dir.resolve("c1.pid");
        Result create = runc("create", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), "oci-it-1");
        assertEquals(0, create.code(), create.toString());
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        JsonNode prestart = JSON.readTree(dir.resolve("prestart.json").toFile());
        assertEquals("creating", prestart.get("status").asText());
        assertEquals(pid, prestart.get("pid").asLong(), "the hook sees the init, whose namespaces exist");

        JsonNode created = state("oci-it-1");
        assertEquals("created", created.get("status").asText());
        assertEquals(pid, created.get("pid").asLong());
        assertEquals(bundle.toString(), created.get("bundle").asText());
        assertEquals("oci-it", created.get("annotations").get("org.example.test").asText());
        assertTrue(created.get("ociVersion").asText().startsWith("1."));
        assertFalse(Files.exists(rootfs.resolve("started")), "the user program waits for start");
        assertTrue(Files.readString(Path.of("/proc", Long.toString(pid), "cgroup")).contains("/jocker/oci-it-1"),
                "the init is in its cgroup before it runs");

        Result start = runc("start", "oci-it-1");
        assertEquals(0, start.code(), start.toString());
        awaitTrue(() -> Files.exists(rootfs.resolve("started")));
        assertEquals("1", Files.readString(rootfs.resolve("started")).trim(), "the user program is PID 1");
        assertEquals("running", state("oci-it-1").get("status").asText());

        Result again = runc("--log", log.toString(), "--log-format", "json", "start", "oci-it-1");
        assertEquals(1, again.code());
        assertEquals("jocker-runc: cannot start an already running container\n", again.stderr());
        JsonNode entry = JSON.readTree(Files.readAllLines(log).get(Files.readAllLines(log).size() - 1));
        assertEquals("error", entry.get("level").asText());
        assertEquals("cannot start an already running container", entry.get("msg").asText());

        Result refused = runc("delete", "oci-it-1");
        assertEquals(1, refused.code());
        assertTrue(refused.stderr().contains("not stopped: running"), refused.toString());

        Result kill = runc("kill", "oci-it-1", "KILL");
        assertEquals(0, kill.code(), kill.toString());
        awaitTrue(() -> "stopped".equals(stateQuietly("oci-it-1")));
        assertEquals(0, state("oci-it-1").get("pid").asLong());
        Result killStopped = runc("kill", "oci-it-1", "9");
        assertEquals(1, killStopped.code());

        Result delete = runc("delete", "oci-it-1");
        assertEquals(0, delete.code(), delete.toString());
        assertEquals("stopped", JSON.readTree(dir.resolve("poststop.json").toFile()).get("status").asText());
        Result gone = runc("state", "oci-it-1");
        assertEquals(1, gone.code());
        assertEquals("jocker-runc: container does not exist: oci-it-1\n", gone.stderr());
    }

    @Test
    void runInTheForegroundReturnsTheProgramsStatusAndCleansUp() throws Exception {
        configure("sh", "-c", "echo hello from $(hostname); exit 3");
        Result run = runc("run", "--bundle", bundle.toString(), "oci-it-2");
        assertEquals(3, run.code(), run.toString());
        assertEquals("hello from jocker\n", run.stdout());
    }

    @Test
    void detachedRunIsRunningPausesResumesAndForceDeleteKillsIt() throws Exception {
        configure("sleep", "1000");
        Result run = runc("run", "-d", "--bundle", bundle.toString(), "oci-it-3");
        assertEquals(0, run.code(), run.toString());
        JsonNode running = state("oci-it-3");
        assertEquals("running", running.get("status").asText());
        Result ps = runc("ps", "--format", "json", "oci-it-3");
        assertEquals("[" + running.get("pid").asLong() + "]\n", ps.stdout(), ps.toString());
        Result exec = runc("exec", "--env", "EXTRA=yes", "oci-it-3", "sh", "-c", "echo $EXTRA $(cat /proc/self/cgroup | grep -c oci-it-3); exit 7");
        assertEquals(7, exec.code(), exec.toString());
        assertTrue(exec.stdout().startsWith("yes "), exec.toString());
        assertEquals(0, runc("pause", "oci-it-3").code());
        assertEquals("paused", state("oci-it-3").get("status").asText());
        assertEquals("FROZEN", freezerState("oci-it-3"));
        assertEquals(0, runc("resume", "oci-it-3").code());
        assertEquals("running", state("oci-it-3").get("status").asText());
        Result list = runc("list", "--format", "json");
        assertEquals("oci-it-3", JSON.readTree(list.stdout()).get(0).get("id").asText(), list.toString());
        Result delete = runc("delete", "--force", "oci-it-3");
        assertEquals(0, delete.code(), delete.toString());
    }

    @Test
    void aCreatedContainerIsDeletedWithoutRunningItsProgram() throws Exception {
        Files.deleteIfExists(rootfs.resolve("started"));
        configure("touch", "/started");
        Result create = runc("create", "--bundle", bundle.toString(), "oci-it-4");
        assertEquals(0, create.code(), create.toString());
        Result delete = runc("delete", "oci-it-4");
        assertEquals(0, delete.code(), delete.toString());
        assertFalse(Files.exists(rootfs.resolve("started")));
    }

    /** Gives the bundle's process a terminal of this size. */
    private static void withTerminal(int height, int width) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        ((ObjectNode) config.get("process")).put("terminal", true).putObject("consoleSize").put("height", height).put("width", width);
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);
    }

    @Test
    void aTerminalsMasterReachesTheConsoleSocketForCreateAndForExec() throws Exception {
        configure("sh", "-c", "tty; stty size; read line; echo \"got $line\"; exec sleep 1000");
        withTerminal(33, 101);
        Path socket = dir.resolve("console.sock");
        int listening = UnixSockets.listen(socket.toString());
        int master = -1;
        int execMaster = -1;
        try {
            Result create = runc("create", "--console-socket", socket.toString(), "--bundle", bundle.toString(), "oci-it-6");
            assertEquals(0, create.code(), create.toString());
            master = receiveFd(listening);
            Result start = runc("start", "oci-it-6");
            assertEquals(0, start.code(), start.toString());
            String shown = readUntil(master, "33 101");
            assertTrue(shown.matches("(?s)/dev/pts/[0-9]+\r\n33 101.*"), shown);
            Fds.writeFully(master, "hello\n".getBytes(StandardCharsets.UTF_8));
            readUntil(master, "got hello");

            Result exec = runc("exec", "-d", "-t", "--console-socket", socket.toString(), "oci-it-6", "sh", "-c",
                    "tty; echo exec-$((6*7))");
            assertEquals(0, exec.code(), exec.toString());
            execMaster = receiveFd(listening);
            assertTrue(readUntil(execMaster, "exec-42").matches("(?s)/dev/pts/[0-9]+\r\nexec-42.*"));

            Result foreground = runc("exec", "-t", "--console-socket", socket.toString(), "oci-it-6", "true");
            assertEquals(1, foreground.code());
            assertEquals("jocker-runc: cannot use console socket if jocker-runc will not detach or allocate tty\n", foreground.stderr());
            assertEquals(0, runc("delete", "--force", "oci-it-6").code());
        } finally {
            Fds.closeQuietly(master);
            Fds.closeQuietly(execMaster);
            Fds.closeQuietly(listening);
            Files.deleteIfExists(socket);
        }
        Result refused = runc("create", "--bundle", bundle.toString(), "oci-it-7");
        assertEquals(1, refused.code());
        assertEquals("jocker-runc: cannot allocate tty if jocker-runc will detach without setting console socket\n", refused.stderr());
    }

    /** Accepts the runtime's connection to the console socket and takes the pty master it sends. */
    private static int receiveFd(int listening) throws Exception {
        int connection = UnixSockets.accept(listening);
        try {
            UnixSockets.Received received = UnixSockets.receiveFd(connection);
            assertEquals("/dev/ptmx", received.name());
            return received.fd();
        } finally {
            Fds.closeQuietly(connection);
        }
    }

    /** What the terminal shows until {@code expected} appears. */
    private static String readUntil(int master, String expected) throws Exception {
        StringBuilder shown = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        byte[] buffer = new byte[4096];
        while (!shown.toString().contains(expected)) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for \"" + expected + "\" on the terminal, which showed: " + shown);
            if (Fds.poll(master, Fds.POLLIN, 1000) != 0) {
                int n = Fds.read(master, buffer, buffer.length);
                assertTrue(n > 0, "the terminal closed after: " + shown);
                shown.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        }
        return shown.toString();
    }

    @Test
    void preservedFdsAreTheContainersFromThreeOn() throws Exception {
        Path first = Files.writeString(dir.resolve("fd3"), "from fd 3\n");
        Path second = Files.writeString(dir.resolve("fd4"), "from fd 4\n");
        configure("sh", "-c", "cat <&4; cat <&3");
        Result run = runcWithFds(List.of(first, second), "run", "--preserve-fds", "2", "--bundle", bundle.toString(), "oci-it-8");
        assertEquals(0, run.code(), run.toString());
        assertEquals("from fd 4\nfrom fd 3\n", run.stdout());
        Result without = runcWithFds(List.of(first, second), "run", "--bundle", bundle.toString(), "oci-it-8");
        assertNotEquals(0, without.code(), "the program cannot read fds it was not given: " + without);
        assertEquals("", without.stdout(), without.toString());
    }

    @Test
    void cgroupsPathPlacesTheCgroupUnderItsNewParentAndDeleteRemovesIt() throws Exception {
        configure("sleep", "1000");
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        ((ObjectNode) config.get("linux")).put("cgroupsPath", "/jocker/oci-it-pod/ctr-9");
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);
        try {
            Result run = runc("run", "-d", "--bundle", bundle.toString(), "oci-it-9");
            assertEquals(0, run.code(), run.toString());
            long pid = state("oci-it-9").get("pid").asLong();
            String cgroups = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
            assertTrue(cgroups.contains("/jocker/oci-it-pod/ctr-9\n"), cgroups);
            assertFalse(cgroups.contains("/jocker/oci-it-9"), cgroups);
            assertEquals(0, runc("pause", "oci-it-9").code());
            assertEquals(0, runc("resume", "oci-it-9").code());
            Result delete = runc("delete", "--force", "oci-it-9");
            assertEquals(0, delete.code(), delete.toString());
            assertEquals(List.of(), cgroupDirs("jocker/oci-it-pod/ctr-9"));
        } finally {
            ((ObjectNode) config.get("linux")).remove("cgroupsPath");
            JSON.writeValue(bundle.resolve("config.json").toFile(), config);
            // The parent stays, as runc leaves a cgroupsPath's parents to whoever made the path up.
            for (Path parent : cgroupDirs("jocker/oci-it-pod")) {
                Files.delete(parent);
            }
        }
    }

    /** The directories of cgroup {@code path} in every hierarchy mounted under /sys/fs/cgroup (v1's, the unified one). */
    private static List<Path> cgroupDirs(String path) throws IOException {
        List<Path> dirs = new ArrayList<>();
        Path unified = Path.of("/sys/fs/cgroup", path);
        if (Files.isDirectory(unified)) {
            dirs.add(unified);
        }
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                Path dir = hierarchy.resolve(path);
                if (!Files.isSymbolicLink(hierarchy) && Files.isDirectory(dir)) {
                    dirs.add(dir);
                }
            }
        }
        return dirs;
    }

    @Test
    void aMalformedConfigIsRefusedInOneLineAndLeavesNothing() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("config.json"), "{\"process\": {\"args\": [\"sh\"]");
        Result create = runc("create", "--bundle", broken.toString(), "oci-it-5");
        assertEquals(1, create.code());
        assertEquals(1, create.stderr().lines().count(), create.toString());
        assertTrue(create.stderr().contains("is not valid JSON"), create.toString());
        assertFalse(Files.exists(root.resolve("oci-it-5")));
    }

    /** The container's freezer, as cgroup v1 (freezer.state) or v2 (cgroup.freeze: 1) reports it. */
    private static String freezerState(String id) throws IOException {
        Path v1 = Path.of("/sys/fs/cgroup/freezer/jocker", id, "freezer.state");
        if (Files.exists(v1)) {
            return Files.readString(v1).trim();
        }
        return Files.readString(Path.of("/sys/fs/cgroup/jocker", id, "cgroup.freeze")).trim().equals("1") ? "FROZEN" : "THAWED";
    }

    private static JsonNode state(String id) throws Exception {
        Result state = runc("state", id);
        assertEquals(0, state.code(), state.toString());
        return JSON.readTree(state.stdout());
    }

    private static String stateQuietly(String id) {
        try {
            return state(id).get("status").asText();
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting");
            Thread.sleep(50);
        }
    }

    private record Result(int code, String stdout, String stderr) {}

    private static int sequence;

    /** Runs bin/jocker-runc with --root; stdout and stderr through files, which a container may keep open. */
    private static Result runc(String... args) throws IOException, InterruptedException {
        return runcWithFds(List.of(), args);
    }

    /** {@link #runc} with these files open for reading on fds 3, 4, ... (a shell opens them: Java passes no fds). */
    private static Result runcWithFds(List<Path> files, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (!files.isEmpty()) {
            StringBuilder script = new StringBuilder("exec \"$@\"");
            for (int i = 0; i < files.size(); i++) {
                script.append(' ').append(3 + i).append("<'").append(files.get(i)).append('\'');
            }
            command.addAll(List.of("sh", "-c", script.toString(), "sh"));
        }
        command.add(JockerCli.distribution().resolve("bin/jocker-runc").toString());
        command.add("--root");
        command.add(root.toString());
        command.addAll(List.of(args));
        int n = ++sequence;
        Path out = dir.resolve("out." + n);
        Path err = dir.resolve("err." + n);
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jocker-runc " + String.join(" ", args) + " hung");
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        assertNotEquals(-1, result.code());
        return result;
    }
}
