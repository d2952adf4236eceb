package io.jocker.engine.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A record is the JSON of Docker's events.Message, as {@code docker events --format '{{json .}}'} prints it. */
class EventRecordsTest {

    @Test
    void aContainerEventIsDockersMessageWithItsDeprecatedFields() {
        Event e = new Event(Event.CONTAINER, "die", "abc", Map.of("name", "web", "image", "busybox", "exitCode", "0"),
                1_700_000_000_123_456_789L);
        // Printed by the Docker 28 client for the same message (json.Marshal sorts the attributes).
        assertEquals("{\"status\":\"die\",\"id\":\"abc\",\"from\":\"busybox\",\"Type\":\"container\",\"Action\":\"die\","
                + "\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"exitCode\":\"0\",\"image\":\"busybox\",\"name\":\"web\"}},"
                + "\"scope\":\"local\",\"time\":1700000000,\"timeNano\":1700000000123456789}\n",
                new String(EventRecords.encode(e), StandardCharsets.UTF_8));
    }

    @Test
    void aVolumeEventHasNoDeprecatedFields() {
        Event e = new Event(Event.VOLUME, "create", "data", Map.of("driver", "local"), 5_000_000_000L);
        assertEquals("{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"data\",\"Attributes\":{\"driver\":\"local\"}},"
                + "\"scope\":\"local\",\"time\":5,\"timeNano\":5000000000}\n", new String(EventRecords.encode(e), StandardCharsets.UTF_8));
    }

    @Test
    void hostileTextSurvivesTheRoundTrip() {
        String text = "a\"b\\c\nd\te\u0001f\u00e9\ud83d\ude00";
        Event e = new Event(Event.CONTAINER, "exec_start: " + text, "id", Map.of(text, text), 1);
        String line = new String(EventRecords.encode(e), StandardCharsets.UTF_8);
        assertEquals(1, line.split("\n", -1).length - 1, "one line");
        assertEquals(e, EventRecords.decode(Json.newMapper(), line.strip()).orElseThrow());
    }

    @Test
    void aRecordNeverExceedsTheBoundAndKeepsItsShortAttributes() {
        Event e = new Event(Event.CONTAINER, "start", "id", Map.of("name", "web", "big", "x".repeat(100_000),
                "other", "y".repeat(50_000)), 1);
        byte[] line = EventRecords.encode(e);
        assertTrue(line.length <= EventRecords.MAX_BYTES, "length " + line.length);
        Event read = EventRecords.decode(Json.newMapper(), new String(line, StandardCharsets.UTF_8).strip()).orElseThrow();
        assertEquals("web", read.attributes().get("name"));
        assertEquals("x".repeat(256), read.attributes().get("big"));

        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 200; i++) {
            many.put("label" + i, "v".repeat(200));
        }
        many.put("name", "web");
        byte[] bounded = EventRecords.encode(new Event(Event.CONTAINER, "start", "id", many, 1));
        assertTrue(bounded.length <= EventRecords.MAX_BYTES, "length " + bounded.length);
        assertEquals("web", EventRecords.decode(Json.newMapper(), new String(bounded, StandardCharsets.UTF_8).strip())
                .orElseThrow().attributes().get("name"));
    }
}
