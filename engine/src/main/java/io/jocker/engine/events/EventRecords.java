package io.jocker.engine.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An event as one line of the log: the JSON of Docker's {@code events.Message}, as {@code docker
 * events --format '{{json .}}'} prints it, and a newline. Written by hand, because every
 * container or image command writes one and a JSON library would cost them its start-up; read
 * with Jackson, by {@code events} alone. A record is at most {@link #MAX_BYTES} long: longer
 * values are cut and, if that is not enough, the longest attributes left out, so that a line is
 * always written whole by one {@code write}.
 */
final class EventRecords {

    static final int MAX_BYTES = 8192;
    /** What a value is cut to when a record would be too long. */
    private static final int CUT_CHARS = 256;

    private EventRecords() {}

    static byte[] encode(Event event) {
        byte[] line = line(event);
        if (line.length <= MAX_BYTES) {
            return line;
        }
        Map<String, String> cut = new LinkedHashMap<>();
        event.attributes().forEach((k, v) -> cut.put(cut(k), cut(v)));
        Event shorter = new Event(event.type(), cut(event.action()), event.actorId(), cut, event.timeNano());
        line = line(shorter);
        List<String> longestFirst = new ArrayList<>(cut.keySet());
        longestFirst.sort(Comparator.comparingInt((String k) -> k.length() + cut.get(k).length()).reversed());
        for (int i = 0; line.length > MAX_BYTES && i < longestFirst.size(); i++) {
            cut.remove(longestFirst.get(i));
            line = line(new Event(shorter.type(), shorter.action(), shorter.actorId(), cut, shorter.timeNano()));
        }
        return line;
    }

    private static String cut(String value) {
        return value.length() <= CUT_CHARS ? value : value.substring(0, CUT_CHARS);
    }

    /** Docker's field order; the deprecated {@code status}, {@code id} and {@code from} only where Docker fills them. */
    private static byte[] line(Event e) {
        StringBuilder json = new StringBuilder(256).append('{');
        boolean legacy = e.type().equals(Event.CONTAINER) || e.type().equals(Event.IMAGE);
        if (legacy) {
            member(json, "status", e.action()).append(',');
            member(json, "id", e.actorId()).append(',');
            String from = e.type().equals(Event.CONTAINER) ? e.attributes().get("image") : null;
            if (from != null && !from.isEmpty()) {
                member(json, "from", from).append(',');
            }
        }
        member(json, "Type", e.type()).append(',');
        member(json, "Action", e.action()).append(",\"Actor\":{");
        member(json, "ID", e.actorId()).append(",\"Attributes\":{");
        boolean first = true;
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            json.append(first ? "" : ",");
            member(json, a.getKey(), a.getValue());
            first = false;
        }
        json.append("}},\"scope\":\"local\",\"time\":").append(Math.floorDiv(e.timeNano(), 1_000_000_000L))
                .append(",\"timeNano\":").append(e.timeNano()).append("}\n");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder member(StringBuilder json, String key, String value) {
        return string(string(json, key).append(':'), value);
    }

    private static StringBuilder string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        json.append(String.format("\\u%04x", c < 0x20 ? (int) c : 0xfffd));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    /** A lone surrogate has no UTF-8 form: it is written as U+FFFD, as Go's encoder does. */
    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** The event on a line of the log; empty for a line that is not one (a torn or foreign line is skipped). */
    static Optional<Event> decode(ObjectMapper json, String line) {
        try {
            JsonNode node = json.readTree(line);
            JsonNode actor = node == null ? null : node.get("Actor");
            if (actor == null || !node.path("Type").isTextual() || !node.path("Action").isTextual()
                    || !node.path("timeNano").canConvertToLong()) {
                return Optional.empty();
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            actor.path("Attributes").fields().forEachRemaining(f -> attributes.put(f.getKey(), f.getValue().asText()));
            return Optional.of(new Event(node.get("Type").asText(), node.get("Action").asText(), actor.path("ID").asText(),
                    attributes, node.get("timeNano").asLong()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
