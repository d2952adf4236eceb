package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import io.jocker.engine.Engine;
import io.jocker.engine.base.EngineConfig;
import io.jocker.images.Digests;
import io.jocker.images.Digests;
import io.jocker.supervisor.ClientCall;
import io.jocker.linux.Fds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which command lines a supervisor runs itself, and which it declines, before running anything,
 * to the client's own JVM. A served line here is one with a mistake: it runs as far as the
 * command's own error, which needs no engine.
 */
class ServedCommandsTest {

    @TempDir
    Path tmp;

    private Path root;
    private ServedCommands served;
    private final Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin"));
    private Path workingDir;
    /** The client's distribution: none, as the supervisor's. */
    private Path home;
    private int out = -1;
    private int err = -1;

    @BeforeEach
    void supervisorOfThisRootWithTheDefaults() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        workingDir = tmp;
        served = new ServedCommands(mock(Engine.class), new EngineOptions(root, "auto", "auto", List.of()));
        out = Fds.open(Files.createFile(tmp.resolve("out")).toString(), Fds.O_WRONLY | Fds.O_CLOEXEC);
        err = Fds.open(Files.createFile(tmp.resolve("err")).toString(), Fds.O_WRONLY | Fds.O_CLOEXEC);
    }

    @AfterEach
    void close() {
        Fds.closeQuietly(out);
        Fds.closeQuietly(err);
    }

    @Test
    void servesTheCommandsOfItsOwnRootThatNeedNoTerminal() throws Exception {
        assertServed("images", "--no-such-flag");
        assertServed("ps", "--no-such-flag");
        assertServed("run", "--no-such-flag", "busybox");
        assertServed("exec", "--no-such-flag", "box", "true");
        assertServed("save", "--no-such-flag", "busybox");
        assertTrue(Files.readString(tmp.resolve("err")).contains("jocker: Unknown option: '--no-such-flag'"));
        assertDeclined(List.of("--root", tmp.resolve("other").toString(), "images", "--no-such-flag"), "another root");
        assertDeclined(List.of("pull", "busybox"), "not a served command");
        assertDeclined(List.of("volume", "ls"), "not a served command");
        assertDeclined(List.of("--no-such-option", "images"), "a mistake in the global options: the JVM reports it");
        assertEquals("", Files.readString(tmp.resolve("out")), "a declined line wrote nothing");
    }

    @Test
    void findsTheRootAsTheClientMeansIt() throws Exception {
        env.put("JOCKER_ROOT", root.toString());
        assertEquals(125, served.run(call(List.of("images", "--no-such-flag"))).orElseThrow(), "JOCKER_ROOT: the caller's");
        env.put("JOCKER_ROOT", tmp.resolve("other").toString());
        assertDeclined(List.of("images", "--no-such-flag"), "the caller's JOCKER_ROOT names another root");
        assertServed("images", "--no-such-flag");
        assertEquals(125, served.run(call(List.of("--root=root", "images", "--no-such-flag"))).orElseThrow(),
                "relative to the caller's working directory");
        workingDir = root;
        assertDeclined(List.of("--root", "root", "images", "--no-such-flag"), "relative to another working directory");
    }

    @Test
    void declinesOtherDriversPluginsAndLoggingThanItsOwn() throws Exception {
        assertDeclined(List.of("-s", "nosuch", "images", "--no-such-flag"), "a storage driver of the command line");
        assertDeclined(List.of("--cgroup-driver", "v2", "images", "--no-such-flag"), "a cgroup driver of the command line");
        assertDeclined(List.of("-D", "images", "--no-such-flag"), "debug output");
        assertDeclined(List.of("-l", "info", "images", "--no-such-flag"), "another log level");
        assertServed("-l", "warn", "images", "--no-such-flag");
        env.put("JOCKER_STORAGE_DRIVER", "nosuch");
        assertDeclined(List.of("images", "--no-such-flag"), "a storage driver from the caller's environment");
        env.remove("JOCKER_STORAGE_DRIVER");
        env.put("JOCKER_CGROUP_DRIVER", "v2");
        assertDeclined(List.of("images", "--no-such-flag"), "a cgroup driver from the caller's environment");
        env.remove("JOCKER_CGROUP_DRIVER");
        env.put("JOCKER_PLUGIN_PATH", Files.createDirectories(tmp.resolve("plugins")).toString());
        assertDeclined(List.of("images", "--no-such-flag"), "more plugins");
        env.put("JOCKER_PLUGIN_PATH", tmp.resolve("no-such-dir").toString());
        assertServed("images", "--no-such-flag");
    }

    @Test
    void declinesAClientWhoseDistributionHasOtherPlugins() throws Exception {
        Path own = Files.createDirectories(tmp.resolve("own/plugins")).getParent();
        Path copy = Files.createDirectories(tmp.resolve("copy/plugins")).getParent();
        served = new ServedCommands(mock(Engine.class),
                new EngineOptions(root, "auto", "auto", List.of(own.resolve("plugins").toRealPath())));
        home = own;
        assertServed("images", "--no-such-flag");
        home = tmp.resolve("copy/../own");
        assertServed("images", "--no-such-flag");
        home = copy;
        assertDeclined(List.of("images", "--no-such-flag"), "another distribution's plugins (of the same build)");
    }

    @Test
    void servesTheDriversItWasStartedWithWhenTheCommandLineAsksForThem() throws Exception {
        served = new ServedCommands(mock(Engine.class), new EngineOptions(root, "overlay", "v1", List.of()));
        assertDeclined(List.of("images", "--no-such-flag"), "the defaults, which the supervisor was not started with");
        assertServed("-s", "overlay", "--cgroup-driver", "v1", "images", "--no-such-flag");
        env.put("JOCKER_STORAGE_DRIVER", "overlay");
        env.put("JOCKER_CGROUP_DRIVER", "v1");
        assertServed("images", "--no-such-flag");
    }

    @Test
    void usageHelpIsServedForEveryServedCommand() throws Exception {
        for (String command : ServedCommands.COMMANDS) {
            for (String help : List.of("--help", "-h")) {
                if (List.of("import", "load").contains(command) && !Digests.isNativeSha256()) {
                    assertDeclined(List.of(command, help), command + " hashes: served with OpenSSL only");
                } else if (!(help.equals("-h") && List.of("run", "create").contains(command))) {
                    assertEquals(OptionalInt.of(0), served.run(call(List.of("--root", root.toString(), command, help))),
                            command + " " + help);
                }
            }
        }
        assertEquals(OptionalInt.of(0), served.run(call(List.of("--root", root.toString(), "run", "-it", "--help"))),
                "help attaches nothing");
        assertTrue(Files.readString(tmp.resolve("out")).contains("Usage: jocker ps"), "the usage, on the caller's stdout");
    }

    @Test
    void declinesWhatNeedsTheCallersTerminalOrStdin() throws Exception {
        // Whole lines: they are declined once parsed, before they run.
        assertDeclined(List.of("run", "-it", "busybox", "sh"), "run -it");
        assertDeclined(List.of("run", "-i", "busybox", "cat"), "run -i");
        assertDeclined(List.of("exec", "-t", "box", "sh"), "exec -t");
        assertDeclined(List.of("start", "-a", "box"), "start -a");
        assertDeclined(List.of("load"), "load from stdin");
        if (Digests.isNativeSha256()) {
            assertDeclined(List.of("import", "-", "image"), "import -");
        }
        assertEquals(Digests.isNativeSha256(), served.run(call(List.of("--root", root.toString(), "load", "-i", "x.tar", "--no-such-flag")))
                .isPresent(), "load hashes: served with OpenSSL only");
    }

    private void assertServed(String... args) throws Exception {
        List<String> line = new java.util.ArrayList<>(List.of("--root", root.toString()));
        line.addAll(List.of(args));
        assertEquals(OptionalInt.of(125), served.run(call(line)), () -> "served: " + line);
    }

    private void assertDeclined(List<String> args, String why) throws Exception {
        List<String> line = new java.util.ArrayList<>(args);
        if (!args.contains("--root") && !args.stream().anyMatch(a -> a.startsWith("--root=")) && !env.containsKey("JOCKER_ROOT")) {
            line.addAll(0, List.of("--root", root.toString()));
        }
        assertEquals(OptionalInt.empty(), served.run(call(line)), why + ": " + line);
    }

    private ClientCall call(List<String> args) {
        return new ClientCall(args, ProcessHandle.current().pid(), env, workingDir, home, out, err, pid -> {}, id -> {});
    }
}
