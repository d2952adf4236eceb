package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.linux.MountInfo;
import io.jocker.testing.JockerCli;
import io.jocker.testing.LeakCheck;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/jocker-runc under containerd, as a Kubernetes node runs its runtime: Debian's containerd
 * started by the test with a config, root, state and socket of its own (in a network namespace of
 * its own), an image written by {@code jocker save} and imported with {@code ctr}, then tasks run
 * through containerd's runc shim with {@code --runc-binary} naming jocker's launcher.
 */
class ContainerdIT {

    private static final String IMAGE = "docker.io/library/busybox:latest";
    /** Where the shim keeps its sockets whatever the config says; removed afterwards if this test made it. */
    private static final Path SHIM_RUN = Path.of("/run/containerd");

    private static Path dir;
    private static Path state;
    private static Process containerd;
    private static boolean shimRunExisted;
    private LeakCheck leaks;

    @BeforeAll
    static void startContainerd() throws Exception {
        dir = Files.createTempDirectory("jocker-ctd-it-");
        state = Files.createDirectory(dir.resolve("ctd"));
        shimRunExisted = Files.exists(SHIM_RUN);
        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "%2$s/containerd.sock"
                [ttrpc]
                  address = "%2$s/containerd.sock.ttrpc"
                """.formatted(state, dir));
        containerd = new ProcessBuilder("unshare", "-n", "containerd", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Result version = null;
        for (int i = 0; i < 300 && (version == null || version.code() != 0); i++) {
            if (!containerd.isAlive()) {
                throw new AssertionError("containerd exited (apt-get install containerd):\n" + log());
            }
            TimeUnit.MILLISECONDS.sleep(100);
            version = ctr("version");
        }
        if (version.code() != 0) {
            throw new AssertionError("containerd never answered: " + version + "\n" + log());
        }

        JockerCli jocker = new JockerCli(JockerCli.distribution(), dir.resolve("jocker")).route(JockerCli.Route.JVM);
        Path archive = dir.resolve("busybox.tar");
        assertEquals(0, jocker.run("import", BusyboxRootfs.tar().toString(), "busybox").exitCode());
        assertEquals(0, jocker.run("save", "-o", archive.toString(), "busybox").exitCode());
        Result imported = ctr("image", "import", archive.toString());
        assertEquals(0, imported.code(), imported::toString);
    }

    @AfterAll
    static void stopContainerd() throws Exception {
        if (containerd != null) {
            containerd.destroy();
            if (!containerd.waitFor(30, TimeUnit.SECONDS)) {
                containerd.destroyForcibly().waitFor();
            }
        }
        unmountAll(state);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
        if (!shimRunExisted) {
            removeEmptyDirectories(SHIM_RUN);
        }
    }

    @BeforeEach
    void watch() throws IOException {
        leaks = LeakCheck.of(state);
    }

    @AfterEach
    void nothingLeaked() throws Exception {
        leaks.assertClean();
        List<String> shims = shims();
        for (int i = 0; i < 100 && !shims.isEmpty(); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
            shims = shims();
        }
        assertEquals(List.of(), shims, "every task's shim exits once its task is deleted");
    }

    @Test
    void runPrintsInTheContainerAndPassesItsExitStatus() throws Exception {
        Result run = ctrRun("--rm", "ctd-it-1", "sh", "-c", "echo hello from jocker-runc; cat /proc/1/cmdline; exit 3");
        assertEquals(3, run.code(), run::toString);
        assertTrue(run.stdout().startsWith("hello from jocker-runc\nsh\u0000-c\u0000"), () -> "the shell is PID 1: " + run);
        assertEquals("", ctr("containers", "ls", "-q").stdout(), "--rm deleted the container");
    }

    @Test
    void aDetachedTaskTakesAnExecIsListedKilledAndDeleted() throws Exception {
        Result run = ctrRun("-d", "ctd-it-2", "sleep", "1000");
        assertEquals(0, run.code(), run::toString);

        Result exec = ctr("task", "exec", "--exec-id", "e1", "ctd-it-2", "sh", "-c", "echo in-exec; cat /proc/1/cmdline");
        assertEquals(0, exec.code(), exec::toString);
        assertEquals("in-exec\nsleep\u00001000\u0000", exec.stdout());
        Result failing = ctr("task", "exec", "--exec-id", "e2", "ctd-it-2", "sh", "-c", "exit 5");
        assertEquals(5, failing.code(), failing::toString);

        Result tasks = ctr("task", "ls");
        assertTrue(tasks.stdout().matches("(?s).*ctd-it-2\\s+\\d+\\s+RUNNING.*"), tasks::toString);
        Result ps = ctr("task", "ps", "ctd-it-2");
        assertEquals(0, ps.code(), ps::toString);
        assertEquals(2, ps.stdout().lines().count(), () -> "a header and the init: " + ps);

        assertEquals(0, ctr("task", "kill", "-s", "SIGKILL", "ctd-it-2").code());
        for (int i = 0; i < 300 && !ctr("task", "ls").stdout().matches("(?s).*ctd-it-2\\s+\\d+\\s+STOPPED.*"); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Result deleted = ctr("task", "delete", "ctd-it-2");
        assertEquals(0, deleted.code(), deleted::toString);
        assertEquals(0, ctr("containers", "delete", "ctd-it-2").code());
    }

    private static Result ctrRun(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("run", "--runc-binary", JockerCli.distribution().resolve("bin/jocker-runc").toString(),
                "--runc-root", state.resolve("runc").toString(), "--fifo-dir", state.resolve("fifo").toString(),
                "--cgroup", "/jocker/" + args[1]));
        command.add(args[0]);
        command.add(IMAGE);
        command.addAll(List.of(args).subList(1, args.length));
        return ctr(command.toArray(String[]::new));
    }

    private record Result(int code, String stdout, String stderr) {}

    private static int sequence;

    private static Result ctr(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", dir.resolve("containerd.sock").toString()));
        command.addAll(List.of(args));
        int n = ++sequence;
        Path out = dir.resolve("ctr.out." + n);
        Path err = dir.resolve("ctr.err." + n);
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ctr " + String.join(" ", args) + " hung:\n" + log());
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The shims of this test's containerd that still run. */
    private static List<String> shims() {
        String address = dir.resolve("containerd.sock").toString();
        return ProcessHandle.allProcesses()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(c -> c.contains("containerd-shim") && c.contains(address))
                .toList();
    }

    private static String log() throws IOException {
        return Files.readString(dir.resolve("containerd.log"));
    }

    /** containerd leaves its snapshots' mounts when it is stopped with a task alive: none should be, but never leave one. */
    private static void unmountAll(Path under) throws Exception {
        List<Path> mounts = new ArrayList<>(MountInfo.mountsUnder(under));
        Collections.reverse(mounts);
        for (Path mount : mounts) {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
        }
    }

    private static void removeEmptyDirectories(Path top) throws IOException {
        if (!Files.isDirectory(top)) {
            return;
        }
        try (Stream<Path> files = Files.walk(top)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> entries = Files.list(path)) {
                        if (entries.findAny().isEmpty()) {
                            Files.delete(path);
                        }
                    }
                }
            }
        }
    }
}
