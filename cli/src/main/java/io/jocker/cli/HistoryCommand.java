package io.jocker.cli;

import io.jocker.cli.format.ListFormat;
import io.jocker.cli.template.GoStruct;
import io.jocker.engine.image.HistoryEntry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker history}: an image's steps, newest first, with Docker's columns. */
@Command(name = "history", description = "Show the history of an image")
final class HistoryCommand implements Runnable {

    private static final int CREATED_BY_WIDTH = 45;
    private static final String MISSING = "<missing>";

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-H", "--human"}, arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "BOOL",
            description = "Print sizes and dates in human readable format (default true)")
    boolean human;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Format output: table (default), json, 'table TEMPLATE' or a Go template")
    String format;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    private static final Map<String, String> HEADERS = Map.of("ID", "IMAGE", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT",
            "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");

    @Override
    public void run() {
        List<HistoryEntry> entries = ImageCommands.withStore(jocker, store -> store.history(image));
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            entries.forEach(e -> out.println(id(e)));
        } else {
            ListFormat listFormat = ListFormat.parse(format,
                    "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}");
            Instant now = Instant.now();
            out.print(listFormat.render(entries.stream().map(e -> row(e, now)).toList(), HEADERS));
        }
        out.flush();
    }

    /** Docker's {@code historyContext}, fields in name order as its {@code {{json .}}} sorts them. */
    private GoStruct row(HistoryEntry e, Instant now) {
        return GoStruct.builder("*image.historyContext")
                .field("Comment", e.comment() == null ? "" : e.comment())
                .field("CreatedAt", e.created() == null ? "" : e.created())
                .field("CreatedBy", createdBy(e.createdBy()))
                .field("CreatedSince", created(e.created(), now))
                .field("ID", id(e))
                .field("Size", human ? Units.humanDecimal(e.size()) : Long.toString(e.size()))
                .escapesHtml()
                .build();
    }

    private String id(HistoryEntry e) {
        if (e.imageId() == null) {
            return MISSING;
        }
        return noTrunc ? e.imageId() : e.imageId().substring("sha256:".length(), "sha256:".length() + 12);
    }

    private String created(String created, Instant now) {
        if (created == null) {
            return "";
        }
        try {
            Instant instant = OffsetDateTime.parse(created).toInstant();
            return human ? HumanDuration.of(Duration.between(instant, now)) + " ago" : created;
        } catch (DateTimeParseException e) {
            return created;
        }
    }

    private String createdBy(String createdBy) {
        String text = createdBy == null ? "" : createdBy.replace("\t", " ").replace("\n", " ");
        if (noTrunc || text.length() <= CREATED_BY_WIDTH) {
            return text;
        }
        return text.substring(0, CREATED_BY_WIDTH - 1) + "…";
    }
}
