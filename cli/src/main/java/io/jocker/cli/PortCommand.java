package io.jocker.cli;

import io.jocker.engine.base.EngineException;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.PortBinding;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jocker port CONTAINER [PRIVATE_PORT[/PROTO]]}: the host addresses a running container's
 * ports are published on, as Docker prints them ({@code 80/tcp -> 0.0.0.0:8080}).
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ContainerRecord record = jocker.engine().containers().find(container);
        Map<String, List<PortBinding>> ports = PublishedPorts.of(record, jocker.engine().networks().endpointsOf(record.id()));
        PrintWriter out = spec.commandLine().getOut();
        if (port != null) {
            checkPort(port);
            String key = port.contains("/") ? port : port + "/tcp";
            List<PortBinding> bindings = ports.getOrDefault(key, List.of());
            if (bindings.isEmpty()) {
                throw new EngineException("No public port '" + key + "' published for " + container);
            }
            bindings.forEach(b -> out.println(b.hostIp() + ":" + b.hostPort()));
        } else {
            ports.forEach((key, bindings) -> bindings.forEach(b -> out.println(key + " -> " + b.hostIp() + ":" + b.hostPort())));
        }
        out.flush();
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
