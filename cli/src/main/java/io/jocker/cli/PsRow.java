package io.jocker.cli;

import io.jocker.cli.template.GoFormat;
import io.jocker.cli.template.GoNil;
import io.jocker.cli.template.GoStruct;
import io.jocker.spi.ContainerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One container as {@code ps --format} sees it: the fields of Docker's {@code ContainerContext}. */
final class PsRow {

    static final String DEFAULT_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

    static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "CONTAINER ID"), Map.entry("Names", "NAMES"),
            Map.entry("Image", "IMAGE"), Map.entry("Command", "COMMAND"), Map.entry("CreatedAt", "CREATED AT"),
            Map.entry("RunningFor", "CREATED"), Map.entry("Ports", "PORTS"), Map.entry("State", "STATE"),
            Map.entry("Status", "STATUS"), Map.entry("Size", "SIZE"), Map.entry("Labels", "LABELS"),
            Map.entry("Mounts", "MOUNTS"), Map.entry("LocalVolumes", "LOCAL VOLUMES"), Map.entry("Networks", "NETWORKS"),
            Map.entry("Platform", "PLATFORM"));

    /** Go's {@code time.Time.String()} of a Unix second, in the local zone. */
    private PsRow() {}

    /** The fields in name order, as Docker's {@code {{json .}}} sorts them. */
    static GoStruct of(ContainerRecord r, boolean trunc, Instant now) {
        Map<String, String> labels = r.config().labels();
        return GoStruct.builder("*formatter.ContainerContext")
                .field("Command", command(r, trunc))
                .field("CreatedAt", GoTimes.string(r.created()))
                .field("ID", trunc ? r.id().substring(0, 12) : r.id())
                .field("Image", r.image())
                .field("Labels", String.join(",", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()))
                .field("LocalVolumes", Long.toString(r.hostConfig().mounts().stream().filter(m -> m.source().contains("/volumes/")).count()))
                .field("Mounts", "")
                .field("Names", r.name())
                .field("Networks", "")
                .field("Platform", GoNil.POINTER)
                .field("Ports", "")
                .field("RunningFor", HumanDuration.of(Duration.between(r.created(), now)) + " ago")
                .field("Size", "0B")
                .field("State", r.state().status().toString())
                .field("Status", PsCommand.status(r.state(), now))
                .method("Label", 1, args -> labels.getOrDefault(String.valueOf(args.get(0)), ""))
                .escapesHtml()
                .build();
    }

    /** The command, Go-quoted; truncated to 20 columns with an ellipsis, as Docker's {@code Ellipsis}. */
    private static String command(ContainerRecord r, boolean trunc) {
        List<String> args = new ArrayList<>(r.config().entrypoint());
        args.addAll(r.config().cmd());
        String joined = String.join(" ", args);
        if (trunc && joined.codePointCount(0, joined.length()) > 20) {
            joined = joined.substring(0, joined.offsetByCodePoints(0, 19)) + "…";
        }
        return GoFormat.quote(joined);
    }
}
