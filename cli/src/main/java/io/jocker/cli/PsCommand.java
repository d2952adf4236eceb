package io.jocker.cli;

import io.jocker.cli.format.ListFormat;
import io.jocker.cli.template.GoStruct;
import io.jocker.engine.network.EndpointRecord;
import io.jocker.engine.volume.VolumeService;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.ContainerState;
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

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", description = "Filter output based on conditions provided (status=, name=, id=, label=)")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Format output: table (default), json, 'table TEMPLATE' or a Go template")
    String format;

    @Override
    public void run() {
        PsFilter filter = PsFilter.parse(filters);
        ListFormat listFormat = quiet ? null : ListFormat.parse(format, PsRow.DEFAULT_TABLE);
        List<ContainerRecord> records = new ArrayList<>(jocker.engine().containers().list());
        records.sort(Comparator.comparing(ContainerRecord::created).reversed());
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        List<GoStruct> rows = new ArrayList<>();
        VolumeService volumes = quiet ? null : jocker.engine().volumes();
        List<EndpointRecord> endpoints = quiet ? List.of() : jocker.engine().networks().allEndpoints();
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
            List<EndpointRecord> own = endpoints.stream().filter(e -> e.containerId().equals(r.id())).toList();
            rows.add(PsRow.of(r, !noTrunc, now, volumes::volumeName, networks(r), up ? PublishedPorts.column(r, own) : ""));
        }
        if (!quiet) {
            out.print(listFormat.render(rows, PsRow.HEADERS));
        }
        out.flush();
    }

    /** The networks a container is connected to, by name, as Docker's NETWORKS column. */
    private static String networks(ContainerRecord r) {
        String mode = r.hostConfig().networkMode();
        if (r.hostConfig().networks().isEmpty()) {
            return mode.startsWith("container:") ? "" : mode;
        }
        return String.join(",", r.hostConfig().networks().stream().map(io.jocker.spi.NetworkAttachment::network).toList());
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
