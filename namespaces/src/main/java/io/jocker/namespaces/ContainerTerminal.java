package io.jocker.namespaces;

import io.jocker.linux.AtFiles;
import io.jocker.linux.Fds;
import io.jocker.linux.Terminals;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A pseudo-terminal from the container's own devpts, so that {@code tty} inside prints a path
 * that exists there. The slave becomes the init's controlling terminal and fds 0 to 2; the
 * engine takes the master with pidfd_getfd.
 */
final class ContainerTerminal {

    private ContainerTerminal() {}

    /** Returns the master fd (close-on-exec). */
    static int attach(Path ptmx, int uid) throws IOException {
        int master = Terminals.openMaster(ptmx.toString());
        try {
            int slave = Terminals.openPeer(master, Fds.O_RDWR | Fds.O_CLOEXEC);
            try {
                if (uid != 0) {
                    // The slave itself, never a path that something could have swapped for a link.
                    AtFiles.chown(slave, uid, -1);
                }
                Terminals.setControllingTerminal(slave);
                for (int fd = 0; fd <= 2; fd++) {
                    Fds.dup2(slave, fd);
                }
            } finally {
                Fds.closeQuietly(slave);
            }
            return master;
        } catch (IOException | RuntimeException e) {
            Fds.closeQuietly(master);
            throw e;
        }
    }
}
