package io.jocker.oci;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options create and run share (a picocli mixin), with the check of those jocker-runc cannot honour yet. */
final class CreateOptions {

    @Option(names = {"-b", "--bundle"}, description = "the bundle directory (default: the current directory)")
    Path bundle = Path.of("");

    @Option(names = "--pid-file", description = "write the init's PID to this file")
    Path pidFile;

    @Option(names = "--console-socket", description = "refused: process.terminal is not supported yet")
    Path consoleSocket;

    @Option(names = "--no-pivot", description = "accepted; the root is always entered with pivot_root")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "accepted; no session keyring is created")
    boolean noNewKeyring;

    @Option(names = "--preserve-fds", description = "refused unless 0: no fds beyond stdio are passed")
    int preserveFds;

    /** Refuses what cannot be honoured yet, before anything is created. */
    void refuseUnsupported() throws OciException {
        if (consoleSocket != null) {
            throw new OciException("--console-socket is not supported yet: jocker-runc runs no terminal containers");
        }
        if (preserveFds != 0) {
            throw new OciException("--preserve-fds is not supported yet: only stdio reaches the container");
        }
    }
}
