package io.jocker.cli;

import io.jocker.cli.format.ListFormat;
import io.jocker.cli.template.GoStruct;
import io.jocker.engine.system.DiskUsage;
import io.jocker.engine.volume.VolumeService;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker system df [-v]}: the disk space of images, containers and volumes, in Docker's words and columns. */
@Command(name = "df", description = "Show jocker disk usage")
final class SystemDfCommand implements Callable<Integer> {

    private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("Type", "TYPE"), Map.entry("TotalCount", "TOTAL"),
            Map.entry("Active", "ACTIVE"), Map.entry("Size", "SIZE"), Map.entry("Reclaimable", "RECLAIMABLE"),
            Map.entry("Repository", "REPOSITORY"), Map.entry("Tag", "TAG"), Map.entry("ID", "IMAGE ID"),
            Map.entry("CreatedSince", "CREATED"), Map.entry("SharedSize", "SHARED SIZE"), Map.entry("UniqueSize", "UNIQUE SIZE"),
            Map.entry("Containers", "CONTAINERS"), Map.entry("Name", "VOLUME NAME"), Map.entry("Links", "LINKS"));
    private static final String IMAGES = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}"
            + "\t{{.UniqueSize}}\t{{.Containers}}";
    private static final String CONTAINERS = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}"
            + "\t{{.Status}}\t{{.Names}}";
    private static final String VOLUMES = "table {{.Name}}\t{{.Links}}\t{{.Size}}";

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: table (default), json, 'table TEMPLATE' or a Go template")
    String format;

    @Option(names = {"-v", "--verbose"}, description = "Show detailed information on space usage")
    boolean verbose;

    @Override
    public Integer call() {
        if (verbose && format != null && !format.isEmpty()) {
            throw new InvalidOptionException(new IllegalArgumentException("--format cannot be combined with --verbose in jocker"));
        }
        ListFormat listFormat = ListFormat.parse(format, DiskUsageSummary.DEFAULT_TABLE);
        DiskUsage usage = jocker.engine().system().diskUsage();
        PrintWriter out = spec.commandLine().getOut();
        if (verbose) {
            printVerbose(out, usage);
        } else {
            out.print(listFormat.render(DiskUsageSummary.of(usage).stream().map(DiskUsageSummary::row).toList(), HEADERS));
        }
        out.flush();
        return 0;
    }

    private void printVerbose(PrintWriter out, DiskUsage usage) {
        Instant now = Instant.now();
        VolumeService volumes = jocker.engine().volumes();
        out.println("Images space usage:");
        out.println();
        out.print(ListFormat.parse(IMAGES, IMAGES).render(usage.images().stream().map(i -> image(i, now)).toList(), HEADERS));
        out.println();
        out.println("Containers space usage:");
        out.println();
        List<GoStruct> containers = usage.containers().stream().map(c -> container(c, now, volumes)).toList();
        out.print(ListFormat.parse(CONTAINERS, CONTAINERS).render(containers, PsRow.HEADERS));
        out.println();
        out.println("Local Volumes space usage:");
        out.println();
        out.print(ListFormat.parse(VOLUMES, VOLUMES).render(usage.volumes().stream().map(SystemDfCommand::volume).toList(), HEADERS));
    }

    private static GoStruct image(DiskUsage.Image i, Instant now) {
        return GoStruct.builder("*formatter.ImageContext")
                .field("Containers", Integer.toString(i.containers()))
                .field("CreatedSince", HumanDuration.of(Duration.between(i.summary().created(), now)) + " ago")
                .field("ID", i.summary().id().substring("sha256:".length(), "sha256:".length() + 12))
                .field("Repository", i.summary().repository())
                .field("SharedSize", Units.humanSize(i.summary().sharedSize()))
                .field("Size", Units.humanSize(i.summary().size()))
                .field("Tag", i.summary().tag())
                .field("UniqueSize", Units.humanSize(i.summary().uniqueSize()))
                .build();
    }

    /** The container's {@code ps} row, with the size of its writable layer. */
    private static GoStruct container(DiskUsage.Container c, Instant now, VolumeService volumes) {
        GoStruct.Builder row = GoStruct.builder("*formatter.ContainerContext");
        PsRow.of(c.record(), true, now, volumes::volumeName).fields().forEach(row::field);
        return row.field("Size", Units.humanSize(c.sizeRw())).build();
    }

    private static GoStruct volume(VolumeService.Usage v) {
        return GoStruct.builder("*formatter.VolumeContext")
                .field("Links", Integer.toString(v.references()))
                .field("Name", v.volume().name())
                .field("Size", Units.humanSize(v.size()))
                .build();
    }
}
