package io.jocker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.image.ImageSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
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

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: table (default) or json")
    String format = "table";

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Show only images of this repository (and tag)")
    String filter;

    @Override
    public void run() {
        List<ImageSummary> images = ImageCommands.withStore(jocker, store -> store.list()).stream()
                .filter(this::matches)
                .sorted(Comparator.comparing(ImageSummary::created).reversed())
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        if (quiet) {
            new LinkedHashSet<>(images.stream().map(i -> id(i.id())).toList()).forEach(out::println);
        } else if (format.equals("json")) {
            ObjectMapper json = jocker.engine().service(ObjectMapper.class);
            for (ImageSummary i : images) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("Containers", "N/A");
                row.put("CreatedAt", i.created().toString());
                row.put("CreatedSince", HumanDuration.of(Duration.between(i.created(), now)) + " ago");
                row.put("ID", id(i.id()));
                row.put("Repository", i.repository());
                row.put("SharedSize", Units.humanDecimal(i.sharedSize()));
                row.put("Size", Units.humanDecimal(i.size()));
                row.put("Tag", i.tag());
                row.put("UniqueSize", Units.humanDecimal(i.uniqueSize()));
                out.println(write(json, row));
            }
        } else if (format.equals("table")) {
            Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            for (ImageSummary i : images) {
                table.add(i.repository(), i.tag(), id(i.id()), HumanDuration.of(Duration.between(i.created(), now)) + " ago",
                        Units.humanDecimal(i.size()));
            }
            table.print(out);
        } else {
            throw new IllegalArgumentException("unsupported format \"" + format + "\" (use table or json)");
        }
        out.flush();
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

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
