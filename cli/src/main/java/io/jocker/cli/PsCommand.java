package io.jocker.cli;

import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.InvalidRequestException;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.ContainerState.Status;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker ps}, with Docker's columns. */
@Command(name = "ps", description = "List containers")
final class PsCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", description = "Filter output based on conditions provided (status=, name=, id=)")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: table (default) or json (one JSON object per line)")
    String format = "table";

    @Override
    public void run() {
        PsFilter filter = PsFilter.parse(filters);
        if (!format.equals("table") && !format.equals("json")) {
            throw new InvalidRequestException("unsupported format \"" + format + "\": use table or json");
        }
        List<ContainerRecord> records = new ArrayList<>(jocker.engine().service(ContainerService.class).list());
        records.sort(Comparator.comparing(ContainerRecord::created).reversed());
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        for (ContainerRecord r : records) {
            // Docker lists a container in its restart policy's back-off among the running ones.
            Status status = r.state().status();
            boolean up = status == Status.RUNNING || status == Status.PAUSED || status == Status.RESTARTING;
            if ((!all && !filter.selectsStatus() && !up) || !filter.matches(r)) {
                continue;
            }
            String id = noTrunc ? r.id() : r.id().substring(0, 12);
            if (quiet) {
                out.println(id);
                continue;
            }
            if (format.equals("json")) {
                out.println(PsJson.line(jocker.engine(), r, id, command(r), status(r.state(), now), now));
                continue;
            }
            table.add(id, r.image(), command(r), HumanDuration.of(Duration.between(r.created(), now)) + " ago",
                    status(r.state(), now), "", r.name());
        }
        if (!quiet && format.equals("table")) {
            table.print(out);
        }
        out.flush();
    }

    private String command(ContainerRecord r) {
        List<String> args = new ArrayList<>(r.config().entrypoint());
        args.addAll(r.config().cmd());
        String joined = String.join(" ", args);
        if (!noTrunc && joined.length() > 20) {
            joined = joined.substring(0, 19) + "…";
        }
        return "\"" + joined + "\"";
    }

    static String status(ContainerState s, Instant now) {
        return switch (s.status()) {
            case RUNNING -> "Up " + HumanDuration.of(Duration.between(s.startedAt(), now));
            case PAUSED -> "Up " + HumanDuration.of(Duration.between(s.startedAt(), now)) + " (Paused)";
            case EXITED -> "Exited (" + exitCode(s) + ") " + HumanDuration.of(Duration.between(s.finishedAt(), now)) + " ago";
            case CREATED -> "Created";
            case RESTARTING -> "Restarting (" + exitCode(s) + ") " + HumanDuration.of(Duration.between(s.finishedAt(), now)) + " ago";
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
        };
    }

    private static String exitCode(ContainerState s) {
        return s.exitCode() == null ? "unknown" : s.exitCode().toString();
    }
}
