package io.jocker.engine.events;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event, in the shape of Docker's {@code events.Message}: what happened ({@code action}) to
 * which object ({@code type} and {@code actorId}), with the actor's attributes (a container's
 * labels, image and name; an exit code; ...), at {@code timeNano} nanoseconds since the epoch.
 * Every jocker event is local in Docker's sense (its {@code scope}).
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, long timeNano) {

    public static final String CONTAINER = "container";
    public static final String IMAGE = "image";
    public static final String VOLUME = "volume";

    public Event {
        attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    public Instant time() {
        return Instant.ofEpochSecond(Math.floorDiv(timeNano, 1_000_000_000L), Math.floorMod(timeNano, 1_000_000_000L));
    }

    /** Nanoseconds since the epoch of {@code instant}. */
    public static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
