package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.container.ContainerLogs;
import io.jocker.engine.logs.LogEntry;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jocker logs}: the container's stdout on stdout and its stderr on stderr, in order. */
@Command(name = "logs", description = "Fetch the logs of a container")
final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", defaultValue = "all",
            description = "Number of lines to show from the end of the logs (default \"${DEFAULT-VALUE}\")")
    String tail;

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Show logs since a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
    String since;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() throws Exception {
        ContainerLogs.Options options = new ContainerLogs.Options(follow, tailCount(), since == null ? null : Since.parse(since));
        // Raw streams: the container's bytes pass unchanged, and stdout/stderr keep their order.
        OutputStream out = jocker.rawOut();
        OutputStream err = jocker.rawErr();
        jocker.engine().containers().logs(container, options, entry -> {
            OutputStream target = LogEntry.STDERR.equals(entry.stream()) ? err : out;
            if (timestamps) {
                target.write((entry.timestamp() + " ").getBytes(StandardCharsets.US_ASCII));
            }
            target.write(entry.payload());
            target.flush();
        });
        return 0;
    }

    private int tailCount() {
        if (tail.equals("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(tail);
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("invalid value for --tail: \"" + tail + "\" (a number or \"all\")");
        }
    }
}
