package io.jocker.oci;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = "Create and start a container; in the foreground, wait for it and delete it.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    RuncCommand globals;

    @Option(names = {"-b", "--bundle"}, description = "the bundle directory (default: the current directory)")
    Path bundle = Path.of("");

    @Option(names = {"-d", "--detach"}, description = "return once the container runs")
    boolean detach;

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

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        return globals.execute("run " + id, () -> {
            CommonChecks.refuse(consoleSocket, preserveFds);
            return globals.runtime().run(id, bundle, detach, new PidFile(pidFile), pid -> SignalForwarder.forwardTo(pid, globals.host()));
        });
    }
}
