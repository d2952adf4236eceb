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
 * clean environment (only PATH, JAVA_HOME and what a test adds).
 */
public final class JockerCli {

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
        Path out = Files.createTempFile("jocker-out", ".txt");
        Path err = Files.createTempFile("jocker-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                            : ProcessBuilder.Redirect.from(stdin.toFile()));
            pb.environment().clear();
            pb.environment().putAll(env);
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
