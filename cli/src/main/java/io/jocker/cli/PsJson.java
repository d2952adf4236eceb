package io.jocker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.Engine;
import io.jocker.spi.ContainerRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** One line of {@code ps --format json}, with the keys and string values Docker prints. */
final class PsJson {

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss Z 'UTC'")
            .withZone(ZoneOffset.UTC);

    private PsJson() {}

    static String line(Engine engine, ContainerRecord r, String id, String command, String status, Instant now) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("Command", command);
        out.put("CreatedAt", CREATED.format(r.created()));
        out.put("ID", id);
        out.put("Image", r.image());
        out.put("Labels", String.join(",", r.config().labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()));
        out.put("LocalVolumes", "0");
        out.put("Mounts", "");
        out.put("Names", r.name());
        out.put("Networks", "");
        out.put("Ports", "");
        out.put("RunningFor", HumanDuration.of(Duration.between(r.created(), now)) + " ago");
        out.put("Size", "0B");
        out.put("State", r.state().status().toString());
        out.put("Status", status);
        try {
            return engine.service(ObjectMapper.class).writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
