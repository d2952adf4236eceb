package io.jocker.network.bridge;

import io.jocker.spi.NetworkException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs {@code ip}, {@code nft} and {@code nsenter}. The engine calls the driver only from
 * ordinary threads (never from one that unshared its PID namespace), where starting a process
 * is safe.
 */
class Commands {

    /** What a command printed and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code argv} with {@code input} on its stdin; fails with its stderr when it exits non-zero. */
    String run(List<String> argv, String input) throws NetworkException {
        Result result = attempt(argv, input);
        if (!result.ok()) {
            throw new NetworkException(describe(argv, input) + " failed: " + firstLines(result.stderr()));
        }
        return result.stdout();
    }

    /** Runs {@code argv} and reports how it went, failing only when it cannot be started. */
    Result attempt(List<String> argv, String input) throws NetworkException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new NetworkException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String stdout = read(process.getInputStream());
            int exit = process.waitFor();
            return new Result(exit, stdout, stderr.join());
        } catch (IOException | UncheckedIOException e) {
            process.destroyForcibly();
            throw new NetworkException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NetworkException("interrupted while running " + argv.get(0), e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(List<String> argv, String input) {
        String command = String.join(" ", argv);
        return input == null || input.isBlank() ? command : command + " (" + input.strip().replace('\n', ';') + ")";
    }

    private static String firstLines(String stderr) {
        String text = stderr.strip();
        return text.isEmpty() ? "no message" : String.join("; ", text.lines().limit(3).toList());
    }
}
