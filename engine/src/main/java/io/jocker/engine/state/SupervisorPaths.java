package io.jocker.engine.state;

import java.nio.file.Path;

/** Where the supervisor's files live under the jocker root. */
public record SupervisorPaths(Path directory) {

    public static SupervisorPaths under(Path root) {
        return new SupervisorPaths(root.resolve("supervisor"));
    }

    /** The Unix socket the supervisor listens on. */
    public Path socket() {
        return directory.resolve("supervisor.sock");
    }

    /** The fast path's request FIFO ({@link FifoRequests}); the number is its protocol version. */
    public Path cliFifo() {
        return directory.resolve("cli-1.fifo");
    }

    /** Held (flock(2)) by the one running supervisor for its whole life; {@link SupervisorPresence} probes it. */
    public Path lock() {
        return directory.resolve("supervisor.lock");
    }

    /** The running supervisor's PID, for scripts that stop it (it is stale after a crash: check the process). */
    public Path pidFile() {
        return directory.resolve("supervisor.pid");
    }

    /** Held by the client that starts a supervisor, so that concurrent clients start only one. */
    public Path spawnLock() {
        return directory.resolve("spawn.lock");
    }

    /** The supervisor's own diagnostics. */
    public Path log() {
        return directory.resolve("supervisor.log");
    }
}
