package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli.Route;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With a supervisor running, {@code import FILE}, {@code load -i FILE}, {@code save} and
 * {@code export} are served by it, like the short commands: no JVM starts, relative paths are the
 * client's, standard output is the client's, and a failure reads and exits as it does in a JVM of
 * its own, leaving nothing behind. The forms that read the caller's stdin stay in its JVM.
 */
class ServedImagesIT extends ContainerFixture {

    /** This test is about the launcher's choice between the supervisor and a JVM: it is left to the launcher. */
    @Override
    Route route() {
        return Route.EITHER;
    }

    private static final String IDLE_MILLIS = "20000";

    private Path work;
    private Path classes;
    /** Commands through the fast path, each JVM that starts logging its classes to {@link #classes}. */
    private JockerCli served;
    /** The same commands, each in a JVM of its own: a storage driver in the environment turns the fast path off. */
    private JockerCli inJvm;

    @BeforeEach
    void startSupervisor() throws Exception {
        work = Files.createDirectories(tmp.resolve("work"));
        Files.copy(BusyboxRootfs.tar(), work.resolve("bb.tar"));
        JockerCli warm = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER).env("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS);
        assertOk(warm.run("images"));
        awaitSupervisor("after images");
        classes = tmp.resolve("classes.log");
        served = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER).env("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS)
                .env("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes).workingDir(work);
        inJvm = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.JVM).env("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS)
                .env("JOCKER_STORAGE_DRIVER", "overlay").workingDir(work);
    }

    /** Waits until a supervisor serves the FIFO and has started its spare init, so that stopping it leaves nothing. */
    private void awaitSupervisor(String when) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            Optional<ProcessHandle> supervisor = SupervisorProcesses.of(jocker.root());
            if (supervisor.isPresent() && Files.exists(jocker.root().resolve("supervisor/cli-1.fifo"))
                    && supervisor.get().children().anyMatch(c -> c.info().commandLine().orElse("").contains("ContainerInit"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no supervisor with a spare init " + when);
    }

    @AfterEach
    void stopSupervisor() throws Exception {
        SupervisorProcesses.stop(jocker.root());
    }

    @Test
    void imageFilesAreReadAndWrittenInTheClientsDirectoryWithoutAJvm() throws Exception {
        Result imported = served.run("import", "bb.tar", "imported");
        assertOk(imported);
        assertTrue(imported.stdout().trim().matches("sha256:[0-9a-f]{64}"), imported::toString);

        assertOk(served.run("save", "-o", "saved.tar", "imported"));
        assertTrue(Files.size(work.resolve("saved.tar")) > Files.size(work.resolve("bb.tar")));
        assertOk(inJvm.run("rmi", "imported"));
        Result load = served.run("load", "-i", "saved.tar");
        assertOk(load);
        assertEquals("Loaded image: imported:latest\n", load.stdout());
        assertEquals("hi\n", served.run("run", "--rm", "imported", "echo", "hi").stdout());

        assertOk(served.run("run", "--name", "c", "imported", "sh", "-c", "echo changed > /changed"));
        assertOk(served.run("export", "-o", "exported.tar", "c"));
        List<String> names = tarNames(work.resolve("exported.tar"));
        assertTrue(names.contains("changed") && names.contains("bin/busybox"), names::toString);

        Path piped = tmp.resolve("piped.tar");
        assertEquals(0, toFile(piped, "save", "imported").waitFor());
        assertArrayEquals(Files.readAllBytes(work.resolve("saved.tar")), Files.readAllBytes(piped),
                "save to standard output writes the same archive as save -o");
        assertEquals(0, toFile(piped, "export", "c").waitFor());
        assertEquals(names, tarNames(piped));

        assertFalse(Files.exists(classes), "a JVM started for a command the supervisor could run");
        FastPathRequests.assertNoneLeft(jocker.root());
    }

    @Test
    void importAndLoadFromStandardInputRunInTheClientsJvm() throws Exception {
        Result imported = served.runWithInput(work.resolve("bb.tar"), "import", "-", "fromstdin");
        assertOk(imported);
        assertTrue(Files.exists(classes), "import - was not left to the client's JVM");
        Files.delete(classes);
        assertOk(served.run("save", "-o", "saved.tar", "fromstdin"));
        assertOk(inJvm.run("rmi", "fromstdin"));

        Result load = served.runWithInput(work.resolve("saved.tar"), "load");
        assertOk(load);
        assertEquals("Loaded image: fromstdin:latest\n", load.stdout());
        assertTrue(Files.exists(classes), "load from stdin was not left to the client's JVM");
    }

    @Test
    void badInputFailsServedExactlyAsInAJvmAndLeavesNothing() throws Exception {
        Files.writeString(work.resolve("manifest.json"), "[{\"Config\":\"../../../../etc/passwd\",\"Layers\":[]}]");
        assertEquals(0, new ProcessBuilder("tar", "-cf", "evil.tar", "manifest.json").directory(work.toFile()).start().waitFor());
        Files.delete(work.resolve("manifest.json"));
        writeTraversalTar(work.resolve("traversal.tar"));
        assertOk(jocker.run("run", "--name", "c", "busybox", "true"));
        String images = jocker.run("images", "-q").stdout();
        List<String> before = workFiles();
        List<List<String>> commands = List.of(
                List.of("import", "missing.tar"),
                List.of("import", "traversal.tar", "evil"),
                List.of("load", "-i", "missing.tar"),
                List.of("load", "-i", "evil.tar"),
                List.of("save", "-o", "out.tar", "nosuch"),
                List.of("save", "-o", "no/such/dir/out.tar", "busybox"),
                List.of("export", "-o", "out.tar", "nosuch"));
        List<String> expected = List.of("open missing.tar: no such file or directory", "would leave the layer",
                "open missing.tar: no such file or directory", "points outside the archive",
                "Unable to find image 'nosuch:latest'", "the directory " + work.resolve("no/such/dir") + " does not exist",
                "No such container: nosuch");

        for (int i = 0; i < commands.size(); i++) {
            String[] args = commands.get(i).toArray(String[]::new);
            Result servedResult = served.run(args);
            Result jvmResult = inJvm.run(args);
            assertEquals(1, servedResult.exitCode(), servedResult::toString);
            assertEquals(1, servedResult.stderr().lines().count(), servedResult::toString);
            assertContains(servedResult.stderr(), expected.get(i));
            assertEquals("", servedResult.stdout());
            assertEquals(jvmResult, servedResult, "served and in a JVM: " + commands.get(i));
        }

        assertFalse(Files.exists(classes), "a JVM started for a command the supervisor could run");
        assertEquals(images, jocker.run("images", "-q").stdout(), "no image was added");
        assertEquals(before, workFiles(), "no file was left in the client's directory");
        try (Stream<Path> left = Files.list(jocker.root().resolve("image/overlay/tmp"))) {
            assertEquals(List.of(), left.toList(), "nothing half-written in the image store");
        }
    }

    @Test
    void aSaveThatWaitsForItsReaderBlocksNoOtherServedCommand() throws Exception {
        assertOk(served.run("save", "-o", "saved.tar", "busybox"));
        Process stalled = start("save", "busybox");
        try {
            // The archive is larger than the pipes between the supervisor and this test: the save waits.
            Thread.sleep(500);
            assertTrue(stalled.isAlive(), "the save finished without its reader");
            Result ps = served.run("ps", "-a");
            assertOk(ps);
            assertContains(ps.stdout(), "CONTAINER ID");
            assertOk(served.run("info"));
            byte[] archive;
            try (InputStream out = stalled.getInputStream()) {
                archive = out.readAllBytes();
            }
            assertTrue(stalled.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, stalled.exitValue());
            assertArrayEquals(Files.readAllBytes(work.resolve("saved.tar")), archive);
        } finally {
            stalled.destroyForcibly().waitFor();
        }
        assertFalse(Files.exists(classes), "a JVM started for a command the supervisor could run");
    }

    @Test
    void aLoadOrSaveWhoseClientIsInterruptedStopsAndLeavesNothing() throws Exception {
        // Unpacking 20000 files takes the supervisor seconds: time enough to interrupt it.
        writeManyFilesTar(work.resolve("many.tar"), 20_000);
        assertOk(inJvm.run("import", "many.tar", "many"));
        assertOk(served.run("save", "-o", "many-saved.tar", "many"));
        assertOk(inJvm.run("rmi", "many"));
        String images = jocker.run("images", "-q").stdout();
        Path layers = jocker.root().resolve("overlay/layers");
        List<String> before = names(layers);

        Process load = start("load", "-i", "many-saved.tar");
        for (int i = 0; i < 400 && names(layers).equals(before); i++) {
            Thread.sleep(25);
        }
        assertTrue(load.isAlive() && !names(layers).equals(before), "the load was not under way");
        // Ctrl-C: the launcher abandons the command and closes the FIFOs it read the output from.
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(load.pid())).start().waitFor());
        assertTrue(load.waitFor(10, TimeUnit.SECONDS));
        assertEquals(130, load.exitValue());

        for (int i = 0; i < 400 && !names(layers).equals(before); i++) {
            Thread.sleep(50);
        }
        assertEquals(before, names(layers), "the interrupted load left its layer");
        assertEquals(images, jocker.run("images", "-q").stdout(), "the interrupted load added an image");
        assertEquals(List.of(), names(jocker.root().resolve("image/overlay/tmp")), "the load left a file in the image store");
        assertOk(served.run("load", "-i", "many-saved.tar"));
        assertEquals(images.lines().count() + 1, jocker.run("images", "-q").stdout().lines().count(), "loading again works");

        // A save writes an unnamed file beside its target and names it when complete; interrupted, it leaves nothing.
        List<String> files = workFiles();
        Process save = start("save", "-o", "again.tar", "many");
        for (int i = 0; i < 400 && !supervisorWritesIn(work); i++) {
            Thread.sleep(25);
        }
        assertTrue(save.isAlive() && supervisorWritesIn(work), "the save was not under way");
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(save.pid())).start().waitFor());
        assertTrue(save.waitFor(10, TimeUnit.SECONDS));
        for (int i = 0; i < 200 && supervisorWritesIn(work); i++) {
            Thread.sleep(50);
        }
        assertFalse(supervisorWritesIn(work), "the interrupted save went on");
        assertEquals(files, workFiles(), "the interrupted save left a file");
        assertFalse(Files.exists(classes), "a JVM started for a command the supervisor could run");
        FastPathRequests.assertNoneLeft(jocker.root());
    }

    @Test
    void eachRunInAJvmStartsASupervisorForTheNextCommand() throws Exception {
        assertOk(served.run("save", "-o", "saved.tar", "busybox"));
        assertOk(served.run("run", "--name", "c", "busybox", "true"));
        JockerCli cold = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER).env("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS)
                .workingDir(work);
        List<List<String>> commands = List.of(List.of("import", "bb.tar", "again"), List.of("load", "-i", "saved.tar"),
                List.of("save", "-o", "again.tar", "busybox"), List.of("export", "-o", "exported.tar", "c"));
        for (List<String> command : commands) {
            stopSupervisor();
            assertFalse(Files.exists(jocker.root().resolve("supervisor/cli-1.fifo")), "the supervisor left its FIFO");
            assertOk(cold.run(command.toArray(String[]::new)));
            awaitSupervisor("after " + command);
        }
    }

    /** Starts {@code jocker ARGS} through the fast path, its stdout a pipe this test reads when it wants. */
    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JockerCli.distribution().resolve("bin/jocker").toString(),
                "--root", jocker.root().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", IDLE_MILLIS);
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);
        return pb.start();
    }

    /** Runs {@code jocker ARGS} through the fast path with its stdout copied into {@code out}. */
    private Process toFile(Path out, String... args) throws IOException {
        Process p = start(args);
        try (InputStream in = p.getInputStream()) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    /** A layer tar whose one entry, {@code ../escape}, would land outside the layer. */
    private static void writeTraversalTar(Path tar) throws IOException {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            TarArchiveEntry entry = new TarArchiveEntry("../escape");
            byte[] data = "owned".getBytes(StandardCharsets.US_ASCII);
            entry.setSize(data.length);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
        }
    }

    /** A layer tar of {@code count} one-byte files, in directories of a thousand. */
    private static void writeManyFilesTar(Path tar, int count) throws IOException {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            for (int i = 0; i < count; i++) {
                TarArchiveEntry entry = new TarArchiveEntry("d" + i / 1000 + "/f" + i);
                entry.setSize(1);
                out.putArchiveEntry(entry);
                out.write('x');
                out.closeArchiveEntry();
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Whether the supervisor holds a file open in {@code dir}: an unnamed one (O_TMPFILE) shows only there. */
    private boolean supervisorWritesIn(Path dir) throws IOException {
        Optional<ProcessHandle> supervisor = SupervisorProcesses.of(jocker.root());
        if (supervisor.isEmpty()) {
            return false;
        }
        String prefix = dir.toRealPath() + "/";
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(supervisor.get().pid()), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith(prefix);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private List<String> workFiles() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> tarNames(Path tar) throws Exception {
        Process p = new ProcessBuilder("tar", "-tf", tar.toString()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return out.lines().map(l -> l.endsWith("/") ? l.substring(0, l.length() - 1) : l).toList();
    }
}
