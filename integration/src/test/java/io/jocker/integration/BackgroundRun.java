package io.jocker.integration;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A foreground {@code jocker run} started as a child process of the test, so that other commands
 * can act on its container while it runs. Its output goes to a file the test can poll.
 */
final class BackgroundRun implements AutoCloseable {

    private static final long TIMEOUT_MILLIS = 30_000;

    private final JockerCli jocker;
    private final Process process;
    private final Path output;

    private BackgroundRun(JockerCli jocker, Process process, Path output) {
        this.jocker = jocker;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code jocker --root ROOT run --name NAME ARGS...}; stdout and stderr go to {@code output}. */
    static BackgroundRun start(JockerCli jocker, Path output, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JockerCli.distribution().resolve("bin/jocker").toString(),
                "--root", jocker.root().toString(), "run", "--name", name));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JOCKER_SUPERVISOR_IDLE_MILLIS", "1000");
        pb.environment().put("JOCKER_DEFAULT_NETWORK", "none");
        return new BackgroundRun(jocker, pb.start(), output);
    }

    /** Waits until the container runs and returns its full id. */
    String awaitRunning() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Result ps = jocker.run("ps", "-q", "--no-trunc");
            String id = ps.stdout().trim();
            if (!id.isEmpty()) {
                return id;
            }
            if (!process.isAlive()) {
                throw new AssertionError("jocker run exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the container did not start within " + TIMEOUT_MILLIS + " ms:\n" + output());
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    /** The exit status of {@code jocker run}, waiting for it. */
    int waitFor() throws InterruptedException {
        if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("jocker run did not exit within " + TIMEOUT_MILLIS + " ms");
        }
        return process.exitValue();
    }

    /** Removes the container if it still runs, then reaps {@code jocker run}; kills it (by PID, our child) only as a last resort. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            for (String id : jocker.run("ps", "-aq", "--no-trunc").stdout().split("\n")) {
                if (!id.isBlank()) {
                    jocker.run("rm", "-f", id.trim());
                }
            }
        }
        if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
