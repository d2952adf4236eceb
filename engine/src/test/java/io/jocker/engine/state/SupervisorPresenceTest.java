package io.jocker.engine.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.state.SupervisorPaths;
import io.jocker.engine.state.SupervisorPresence;
import io.jocker.linux.Fds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorPresenceTest {

    @TempDir
    Path root;

    @Test
    void aSupervisorRunsExactlyWhileItsLockIsHeld() throws Exception {
        assertFalse(SupervisorPresence.runs(root), "no supervisor ever ran here");
        Path lock = SupervisorPaths.under(root).lock();
        Files.createDirectories(lock.getParent());
        int fd = Fds.open(lock.toString(), Fds.O_RDWR | Fds.O_CREAT | Fds.O_CLOEXEC);
        try {
            assertFalse(SupervisorPresence.runs(root), "a lock file that nobody holds");
            Fds.flock(fd, Fds.LOCK_EX);
            assertTrue(SupervisorPresence.runs(root));
            assertTrue(SupervisorPresence.runs(root), "the probe leaves the supervisor's lock alone");
        } finally {
            Fds.close(fd);
        }
        assertFalse(SupervisorPresence.runs(root), "released when the supervisor goes, however it goes");
    }
}
