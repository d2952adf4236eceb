package io.jocker.engine.container;

import io.jocker.linux.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who froze a running container for {@code commit}: the file {@code frozen-by-commit} in the
 * container's directory names the process (PID and start time), written before the freeze and
 * removed after the thaw. A freeze whose process is gone (killed during the commit) is abandoned:
 * nobody would ever thaw it, so whoever notices it thaws the container.
 */
final class CommitFreeze {

    static final String MARKER = "frozen-by-commit";

    private CommitFreeze() {}

    /** Records this process as the one that freezes the container. */
    static void record(Path containerDir) throws IOException {
        long pid = ProcessHandle.current().pid();
        long startTime = ProcStat.startTime(pid).orElseThrow(() -> new IOException("cannot read this process's start time"));
        Files.writeString(containerDir.resolve(MARKER), pid + " " + startTime + "\n");
    }

    static void clear(Path containerDir) throws IOException {
        Files.deleteIfExists(containerDir.resolve(MARKER));
    }

    /** Whether a freeze for a commit was recorded and the process that made it is gone. */
    static boolean abandoned(Path containerDir) {
        Path marker = containerDir.resolve(MARKER);
        // Asked of every running container by ps: java.io.File answers without throwing when it is absent.
        if (!marker.toFile().exists()) {
            return false;
        }
        String[] owner;
        try {
            owner = Files.readString(marker).trim().split(" ");
        } catch (IOException e) {
            return false;
        }
        // A marker cut short was being written (its process froze nothing yet) or its process died before freezing.
        try {
            return owner.length == 2 && !ProcessLiveness.isAlive(Long.parseLong(owner[0]), Long.parseLong(owner[1]));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
