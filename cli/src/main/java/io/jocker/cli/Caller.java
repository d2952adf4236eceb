package io.jocker.cli;

import io.jocker.engine.supervisor.ClientCall;
import io.jocker.engine.supervisor.DetachedStarter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The process a command runs for: its environment, working directory, standard output and
 * error. In the client's own JVM that is this process; in the supervisor (the fast path), the
 * launcher that handed the command over.
 *
 * @param pid the caller's process
 * @param home the caller's jocker distribution (its launcher's; null without one: tests, embedding)
 * @param processStarted told the PID of a foreground process, for the launcher's signal relay
 * @param remote whether the command runs in the supervisor for another process
 * @param supervisor the supervisor that runs the command, or null in the client's own JVM
 */
record Caller(long pid, Map<String, String> environment, Path workingDir, Path home, int stdout, int stderr,
        LongConsumer processStarted, boolean remote, DetachedStarter supervisor) {

    static Caller thisProcess() {
        String home = System.getProperty("jocker.home");
        return new Caller(ProcessHandle.current().pid(), System.getenv(), Path.of("").toAbsolutePath(),
                home == null || home.isBlank() ? null : Path.of(home), 1, 2, pid -> {}, false, null);
    }

    static Caller of(ClientCall call) {
        return new Caller(call.pid(), call.environment(), call.workingDir(), call.home(), call.stdout(), call.stderr(),
                call.processStarted(), true, call.starter());
    }

    /** A path the user typed, relative to the caller's working directory. */
    Path resolve(Path path) {
        return workingDir.resolve(path);
    }
}
