package io.jocker.cli;

import io.jocker.cli.format.ListFormat;
import io.jocker.cli.template.GoStruct;
import io.jocker.images.ImageSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker images} with Docker's columns, {@code -q} and {@code --format json}. */
@Command(name = "images", description = "List images")
final class ImagesCommand implements Runnable {

    private static final String DEFAULT_TABLE =
            "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    private static final String DIGESTS_TABLE =
            "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";

    private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "IMAGE ID"),
            Map.entry("Repository", "REPOSITORY"), Map.entry("Tag", "TAG"), Map.entry("Digest", "DIGEST"),
            Map.entry("CreatedSince", "CREATED"), Map.entry("CreatedAt", "CREATED AT"), Map.entry("Size", "SIZE"),
            Map.entry("Containers", "CONTAINERS"), Map.entry("VirtualSize", "SIZE"), Map.entry("SharedSize", "SHARED SIZE"),
            Map.entry("UniqueSize", "UNIQUE SIZE"));

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = {"-a", "--all"}, description = "Show all images (jocker builds none, so it has no intermediate images to add)")
    boolean all;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "Filter output (dangling=true|false, label=KEY[=VALUE], label!=...)")
    List<String> filters = new ArrayList<>();

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Format output: table (default), json, 'table TEMPLATE' or a Go template")
    String format;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Show only images of this repository (and tag)")
    String filter;

    @Override
    public void run() {
        ImageFilter imageFilter = ImageFilter.parse(filters);
        List<ImageSummary> images = ImageCommands.withStore(jocker, store -> store.list()).stream()
                .filter(this::matches)
                .filter(imageFilter::includes)
                .sorted(Comparator.comparing(ImageSummary::created).reversed())
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        if (quiet) {
            new LinkedHashSet<>(images.stream().map(i -> id(i.id())).toList()).forEach(out::println);
        } else {
            ListFormat listFormat = ListFormat.parse(format, digests ? DIGESTS_TABLE : DEFAULT_TABLE);
            out.print(listFormat.render(images.stream().map(i -> row(i, now)).toList(), HEADERS));
        }
        out.flush();
    }

    /** Docker's {@code ImageContext}, fields in name order as its {@code {{json .}}} sorts them. */
    private GoStruct row(ImageSummary i, Instant now) {
        String size = Units.humanDecimal(i.size());
        return GoStruct.builder("*formatter.ImageContext")
                .field("Containers", "N/A")
                .field("CreatedAt", GoTimes.string(i.created()))
                .field("CreatedSince", HumanDuration.of(Duration.between(i.created(), now)) + " ago")
                .field("Digest", i.digest())
                .field("ID", id(i.id()))
                .field("Repository", i.repository())
                // Docker's daemon says N/A where it did not count them; jocker always knows.
                .field("SharedSize", Units.humanDecimal(i.sharedSize()))
                .field("Size", size)
                .field("Tag", i.tag())
                .field("UniqueSize", Units.humanDecimal(i.uniqueSize()))
                .field("VirtualSize", size)
                .escapesHtml()
                .build();
    }

    private boolean matches(ImageSummary image) {
        if (filter == null) {
            return true;
        }
        int colon = filter.lastIndexOf(':');
        boolean hasTag = colon > filter.lastIndexOf('/');
        String repository = hasTag ? filter.substring(0, colon) : filter;
        return image.repository().equals(repository) && (!hasTag || image.tag().equals(filter.substring(colon + 1)));
    }

    private String id(String full) {
        return noTrunc ? full : full.substring("sha256:".length(), "sha256:".length() + 12);
    }

}
