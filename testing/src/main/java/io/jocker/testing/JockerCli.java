package io.jocker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the distribution's {@code bin/jocker} as a user would, against its own jocker root, with a
 * clean environment (only PATH, JAVA_HOME and what a test adds), on the {@link Route} the test
 * means: by default each command in a JVM of its own, whether or not a supervisor runs.
 */
public final class JockerCli {

    /** Which way a command reaches jocker. */
    public enum Route {
        /** A JVM of the command's own: the launcher skips its fast path ({@code JOCKER_FAST_PATH=off}). */
        JVM,
        /**
         * The launcher's fast path: the root's supervisor runs the command (one is started first
         * when none runs), and a command that ran in a JVM after all fails the test.
         */
        SERVED,
        /** Whatever the launcher finds: served while a supervisor runs, else a JVM; for tests of that choice. */
        EITHER,
        /**
         * As a user's commands run while a supervisor runs: the root's supervisor is started first
         * when none runs (it stays {@link #WARM_IDLE_MILLIS}, so the test stops it), and the launcher
         * serves what it serves; the rest runs in a JVM.
         */
        WARM
    }

    /** How long a supervisor started for {@link Route#WARM} stays idle: longer than any pause between a test's commands. */
    public static final String WARM_IDLE_MILLIS = "60000";

    /** What every JVM prints on stderr when JAVA_TOOL_OPTIONS is set: how a served command shows it was not. */
    private static final String JVM_STARTED = "Picked up JAVA_TOOL_OPTIONS:";
    private static final String FAST_PATH_ENV = "JOCKER_FAST_PATH";

    /** What a command printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** A command that did not end in time. */
    public static final class Hung extends IllegalStateException {
        Hung(String message) {
            super(message);
        }
    }

    private final Path launcher;
    private final Path root;
    private final Map<String, String> env = new HashMap<>();
    private Path workingDir;
    private long timeoutSeconds = 120;
    private Route route = Route.JVM;
    private List<String> prefix = List.of();

    public JockerCli(Path distribution, Path root) {
        ensureArchive(distribution);
        this.launcher = distribution.resolve("bin/jocker");
        this.root = root;
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        String javaHome = System.getProperty("java.home");
        env.put("JAVA_HOME", javaHome);
        // A supervisor exits a second after its last container or command: tests leave none behind.
        env.put("JOCKER_SUPERVISOR_IDLE_MILLIS", "1000");
        // No test may make a bridge in the host's network namespace: those that test networking
        // run jocker in a namespace of their own and ask for the bridge there (NetworkIT).
        env.put("JOCKER_DEFAULT_NETWORK", "none");
    }

    private static final java.util.Set<Path> ARCHIVED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Builds the distribution's class-data archive once, as its install step does: otherwise the
     * first commands would start the launcher's background rebuild, which outlives them and
     * would count as a leaked process.
     */
    private static void ensureArchive(Path distribution) {
        if (!ARCHIVED.add(distribution)) {
            return;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(distribution.resolve("bin/jocker-cds").toString(), "build")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot build the class-data archive of " + distribution, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The distribution named by the {@code jocker.dist} system property (set by the build). */
    public static Path distribution() {
        String dist = System.getProperty("jocker.dist");
        if (dist == null || !Files.isExecutable(Path.of(dist, "bin/jocker"))) {
            throw new IllegalStateException("jocker.dist does not point at a built distribution: " + dist);
        }
        return Path.of(dist);
    }

    public Path root() {
        return root;
    }

    /** Runs the commands in {@code dir} (default: this JVM's working directory). */
    public JockerCli workingDir(Path dir) {
        workingDir = dir;
        return this;
    }

    /** How long a command may take before it counts as hung: killed, and {@link Hung} thrown. */
    public JockerCli timeout(long seconds) {
        timeoutSeconds = seconds;
        return this;
    }

    /** Runs the commands on {@code route} (default {@link Route#JVM}). */
    public JockerCli route(Route route) {
        this.route = route;
        return this;
    }

    /** Runs every command through {@code prefix} (for example {@code nsenter --net=/run/netns/NS}). */
    public JockerCli prefix(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
        return this;
    }

    public JockerCli env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Runs {@code jocker --root ROOT ARGS...} with stdin from /dev/null. */
    public Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** Runs with {@code stdin} as the command's standard input. */
    public Result runWithInput(Path stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(launcher.toString());
        command.add("--root");
        command.add(root.toString());
        command.addAll(List.of(args));
        return exec(command, stdin);
    }

    /** Runs the launcher with exactly these arguments (no --root added). */
    public Result raw(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(launcher.toString());
        command.addAll(List.of(args));
        return exec(command, null);
    }

    private Result exec(List<String> command, Path stdin) throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(env);
        switch (route) {
            case JVM -> environment.put(FAST_PATH_ENV, "off");
            case SERVED -> {
                ensureSupervisor();
                // Set, it makes any JVM say so on stderr; the test's own options serve as well as this marker.
                environment.putIfAbsent("JAVA_TOOL_OPTIONS", "-Djocker.test.route=served");
            }
            case WARM -> ensureSupervisor();
            case EITHER -> { }
        }
        Result result = exec(command, stdin, environment);
        if (route == Route.SERVED && result.stderr().contains(JVM_STARTED)) {
            throw new AssertionError("not served by the supervisor of " + root + " but run in a JVM: " + command + "\n" + result);
        }
        return result;
    }

    /**
     * Starts the root's supervisor unless its fast-path FIFO exists, with this client's
     * environment (it stays {@code JOCKER_SUPERVISOR_IDLE_MILLIS} after its last command), and
     * waits for the FIFO.
     */
    private void ensureSupervisor() throws IOException, InterruptedException {
        Path fifo = root.resolve("supervisor/cli-1.fifo");
        if (Files.exists(fifo)) {
            return;
        }
        Files.createDirectories(fifo.getParent());
        // Through the prefix too: a supervisor serving a client in a network namespace of its own must run there.
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(launcher.toString(), "--root", root.toString(), "supervisor"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("supervisor/supervisor.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        // A test's JVM options (a class-load log, say) are for its commands, not for the supervisor.
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        if (route == Route.WARM) {
            pb.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", WARM_IDLE_MILLIS);
        }
        Process supervisor = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!Files.exists(fifo)) {
            if (!supervisor.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the supervisor of " + root + " did not start serving (see "
                        + root.resolve("supervisor/supervisor.log") + ")");
            }
            Thread.sleep(10);
        }
    }

    private Result exec(List<String> command, Path stdin, Map<String, String> environment) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jocker-out", ".txt");
        Path err = Files.createTempFile("jocker-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                            : ProcessBuilder.Redirect.from(stdin.toFile()));
            pb.environment().clear();
            pb.environment().putAll(environment);
            if (workingDir != null) {
                pb.directory(workingDir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new Hung("no end after " + timeoutSeconds + " s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
