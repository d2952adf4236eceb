package io.jocker.cli;

import io.jocker.cli.template.GoFormat;
import io.jocker.cli.template.GoNil;
import io.jocker.cli.template.GoStruct;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.Mount;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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
    static GoStruct of(ContainerRecord r, boolean trunc, Instant now, Function<Mount, Optional<String>> volumeName) {
        return of(r, trunc, now, volumeName, "", "");
    }

    /** With the container's networks and published ports, as {@code ps} shows them. */
    static GoStruct of(ContainerRecord r, boolean trunc, Instant now, Function<Mount, Optional<String>> volumeName,
            String networks, String ports) {
        Map<String, String> labels = r.config().labels();
        List<Mount> mounts = r.hostConfig().mounts().stream().filter(m -> !generated(r, m)).toList();
        return GoStruct.builder("*formatter.ContainerContext")
                .field("Command", command(r, trunc))
                .field("CreatedAt", GoTimes.string(r.created()))
                .field("ID", trunc ? r.id().substring(0, 12) : r.id())
                .field("Image", r.image())
                .field("Labels", String.join(",", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()))
                .field("LocalVolumes", Long.toString(mounts.stream().filter(m -> volumeName.apply(m).isPresent()).count()))
                .field("Mounts", String.join(",", mounts.stream()
                        .map(m -> ellipsis(volumeName.apply(m).orElse(m.type().equals("bind") ? m.source() : ""), trunc ? 15 : -1))
                        .toList()))
                .field("Names", r.name())
                .field("Networks", networks)
                .field("Platform", GoNil.POINTER)
                .field("Ports", ports)
                .field("RunningFor", HumanDuration.of(Duration.between(r.created(), now)) + " ago")
                .field("Size", "0B")
                .field("State", r.state().status().toString())
                .field("Status", PsCommand.status(r.state(), now))
                .method("Label", 1, args -> labels.getOrDefault(String.valueOf(args.get(0)), ""))
                .escapesHtml()
                .build();
    }

    /** The /etc/hostname, /etc/hosts and /etc/resolv.conf jocker writes into the container's directory. */
    private static boolean generated(ContainerRecord r, Mount m) {
        Path source = Path.of(m.source());
        return m.type().equals("bind") && source.getParent() != null && source.getParent().endsWith(r.id())
                && List.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf").contains(m.destination());
    }

    /** Docker's {@code Ellipsis}: at most {@code width} characters, the last an ellipsis; -1 leaves the text whole. */
    private static String ellipsis(String text, int width) {
        if (width < 0 || text.codePointCount(0, text.length()) <= width) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, width - 1)) + "…";
    }

    /** The command, Go-quoted; truncated to 20 columns with an ellipsis, as Docker's {@code Ellipsis}. */
    private static String command(ContainerRecord r, boolean trunc) {
        List<String> args = new ArrayList<>(r.config().entrypoint());
        args.addAll(r.config().cmd());
        String joined = String.join(" ", args);
        return GoFormat.quote(ellipsis(joined, trunc ? 20 : -1));
    }
}
