package io.jocker.cli;

import io.jocker.cli.template.GoMap;
import io.jocker.cli.template.GoStruct;
import io.jocker.cli.template.Template;
import io.jocker.cli.template.TemplateException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Event;
import io.jocker.engine.events.EventReader;
import io.jocker.engine.filter.Timestamps;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jocker events}: what every jocker command did, from the engine's event log, as Docker
 * prints its daemon's events. Without {@code --since} or {@code --until} only new events are
 * shown; with {@code --since} the recorded ones from then on first; without {@code --until} (or
 * with one still to come) it follows the log until interrupted (or until then).
 */
@Command(name = "events", description = "Get real time events from jocker's event log")
final class EventsCommand implements Callable<Integer> {

    /** Docker's status for a {@code --format} that does not parse. */
    private static final int BAD_FORMAT = 64;
    /** Go's {@code 2006-01-02T15:04:05.000000000Z07:00}, in the local zone, as Docker prints an event's time. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
    /** A follower that waits for new events looks at the clock at least this often, for {@code --until}. */
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
            description = "Filter output based on conditions provided (type=, event=, container=, image=, volume=, label=)")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format output using a Go template, or 'json'")
    String format;

    @Option(names = "--since", paramLabel = "TIMESTAMP", description = "Show all events created since timestamp")
    String since;

    @Option(names = "--until", paramLabel = "TIMESTAMP", description = "Stream events until this timestamp")
    String until;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Template template;
        try {
            template = template();
        } catch (TemplateException e) {
            spec.commandLine().getErr().println("jocker: Error parsing format: " + e.getMessage());
            return BAD_FORMAT;
        }
        EventFilter filter = EventFilter.parse(filters);
        Instant now = Instant.now();
        Instant from = since == null || since.isEmpty() ? null : Timestamps.parse(since, now);
        Instant to = until == null || until.isEmpty() ? null : Timestamps.parse(until, now);
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidRequestException("`since` time (" + since + ") cannot be after `until` time (" + until + ")");
        }
        boolean onlyPast = to != null && to.isBefore(now);
        PrintWriter out = spec.commandLine().getOut();
        try (EventReader reader = jocker.engine().system().events(from != null || to != null)) {
            Duration wait = Duration.ZERO;
            while (true) {
                for (Event e : reader.next(wait)) {
                    if ((from == null || !e.time().isBefore(from)) && (to == null || !e.time().isAfter(to)) && filter.includes(e)) {
                        print(out, e, template);
                    }
                }
                out.flush();
                Instant clock = Instant.now();
                if (onlyPast || out.checkError() || to != null && !clock.isBefore(to)) {
                    return 0;
                }
                wait = to == null || Duration.between(clock, to).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT
                        : Duration.between(clock, to);
            }
        }
    }

    /** Docker checks a template by running it on an empty message first, so that a bad field fails at once. */
    private Template template() {
        if (format == null || format.isEmpty()) {
            return null;
        }
        Template template = Template.parse(format.equals("json") ? "{{json .}}" : format);
        template.execute(message("", "", "", Map.of(), "", 0));
        return template;
    }

    private static void print(PrintWriter out, Event e, Template template) {
        if (template != null) {
            out.println(template.execute(message(e)));
            return;
        }
        StringBuilder line = new StringBuilder();
        if (e.timeNano() != 0) {
            line.append(TIME.format(e.time().atZone(ZoneId.systemDefault()))).append(' ');
        }
        line.append(e.type()).append(' ').append(e.action()).append(' ').append(e.actorId());
        if (!e.attributes().isEmpty()) {
            line.append(e.attributes().entrySet().stream().map(a -> a.getKey() + "=" + a.getValue())
                    .collect(Collectors.joining(", ", " (", ")")));
        }
        out.println(line);
    }

    /** Docker's {@code events.Message}, with the deprecated fields its daemon still fills for containers and images. */
    static GoStruct message(Event e) {
        return message(e.type(), e.action(), e.actorId(), e.attributes(), "local", e.timeNano());
    }

    private static GoStruct message(String type, String action, String id, Map<String, String> attributes, String scope,
            long timeNano) {
        boolean legacy = type.equals(Event.CONTAINER) || type.equals(Event.IMAGE);
        return GoStruct.builder("events.Message")
                .tagged("Status", "status", true, legacy ? action : "")
                .tagged("ID", "id", true, legacy ? id : "")
                .tagged("From", "from", true, type.equals(Event.CONTAINER) ? attributes.getOrDefault("image", "") : "")
                .field("Type", type)
                .field("Action", action)
                .field("Actor", GoStruct.builder("events.Actor").field("ID", id).field("Attributes", GoMap.ofStrings(attributes))
                        .build())
                .tagged("Scope", "scope", true, scope)
                .tagged("Time", "time", true, Math.floorDiv(timeNano, 1_000_000_000L))
                .tagged("TimeNano", "timeNano", true, timeNano)
                .build();
    }
}
