package io.jocker.oci;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options create and run share (a picocli mixin). */
final class CreateOptions {

    @Option(names = {"-b", "--bundle"}, description = "the bundle directory (default: the current directory)")
    Path bundle = Path.of("");

    @Option(names = "--pid-file", description = "write the init's PID to this file")
    Path pidFile;

    @Option(names = "--console-socket", description = "a Unix socket to send the pty master of a process.terminal to")
    Path consoleSocket;

    @Option(names = "--no-pivot", description = "accepted; the root is always entered with pivot_root")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "accepted; no session keyring is created")
    boolean noNewKeyring;

    @Option(names = "--preserve-fds", description = "pass this many fds from 3 on to the container's process, as its 3, 4, ...")
    int preserveFds;

    /** What reaches the container's process beyond stdio. */
    OciRuntime.ProcessIo io() {
        return new OciRuntime.ProcessIo(consoleSocket, preserveFds);
    }
}
