package io.jocker.oci;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.container.Signals;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "kill", description = "Send a signal (default SIGTERM) to a container's init.")
final class KillCommand implements Callable<Integer> {

    @ParentCommand
    RuncCommand globals;

    @Option(names = {"-a", "--all"}, description = "signal every process of the container")
    boolean all;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "SIGNAL", defaultValue = "SIGTERM", description = "a name (KILL, SIGKILL) or number")
    String signal;

    @Override
    public Integer call() {
        return globals.execute("kill " + id + " " + signal, () -> {
            int number;
            try {
                number = Signals.parse(signal);
            } catch (InvalidRequestException e) {
                throw new OciException("invalid signal \"" + signal + "\"");
            }
            globals.runtime().kill(id, number, all);
            return 0;
        });
    }
}
