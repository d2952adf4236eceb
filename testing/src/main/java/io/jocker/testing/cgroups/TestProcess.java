package io.jocker.testing.cgroups;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A busybox shell script started by a test that waits on stdin until {@link #go()}, so that the
 * test can move it into a cgroup before it does its work. {@link #close()} kills it by PID.
 */
public final class TestProcess implements AutoCloseable {

    public static final Path BUSYBOX = Path.of("/usr/bin/busybox");

    private final Process process;

    private TestProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code busybox sh -c "read go; <script>"} with stderr merged into stdout. */
    public static TestProcess start(String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(BUSYBOX.toString(), "sh", "-c", "read go; " + script);
        builder.redirectErrorStream(true);
        return new TestProcess(builder.start());
    }

    public static boolean busyboxAvailable() {
        return Files.isExecutable(BUSYBOX);
    }

    public long pid() {
        return process.pid();
    }

    /** Lets the script run. */
    public void go() throws IOException {
        OutputStream stdin = process.getOutputStream();
        stdin.write('\n');
        stdin.flush();
    }

    /** Waits for the exit and returns the status (128 + signal for a killed process). */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + pid() + " still runs after " + seconds + " s");
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed; only after it exited. */
    public String output() throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Kills the process (only this PID) and waits until it is reaped. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
