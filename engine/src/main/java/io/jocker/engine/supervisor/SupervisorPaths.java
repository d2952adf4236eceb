package io.jocker.engine.supervisor;

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

    /** Held (fcntl lock) by the one running supervisor for its whole life. */
    public Path lock() {
        return directory.resolve("supervisor.lock");
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
