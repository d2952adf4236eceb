package io.jocker.cli;

import io.jocker.engine.EngineException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jocker port CONTAINER [PRIVATE_PORT[/PROTO]]}. jocker publishes no ports (containers have
 * loopback networking only), so the list is always empty and a lookup always fails, with Docker's
 * words for a container that published nothing.
 */
@Command(name = "port", description = "List port mappings or a specific mapping for the container",
        customSynopsis = "${COMMAND-FULL-NAME} CONTAINER [PRIVATE_PORT[/PROTO]]")
final class PortCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", paramLabel = "PRIVATE_PORT[/PROTO]", arity = "0..1")
    String port;

    @Override
    public Integer call() {
        jocker.engine().containers().find(container);
        if (port != null) {
            checkPort(port);
            throw new EngineException("No public port '" + port + "' published for " + container);
        }
        return 0;
    }

    /** Docker's client check: the number before {@code /} is an unsigned 16-bit port; the protocol is not checked. */
    static void checkPort(String spec) {
        int slash = spec.indexOf('/');
        String number = slash < 0 ? spec : spec.substring(0, slash);
        if (!number.matches("[0-9]+")) {
            throw new EngineException("invalid port (" + number + "): parsing \"" + number + "\": invalid syntax");
        }
        if (number.length() > 5 || Integer.parseInt(number) > 0xffff) {
            throw new EngineException("invalid port (" + number + "): parsing \"" + number + "\": value out of range");
        }
    }
}
