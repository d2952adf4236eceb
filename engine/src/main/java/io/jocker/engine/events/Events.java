package io.jocker.engine.events;

import io.jocker.spi.ContainerRecord;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Records what the engine did, with the attributes Docker gives each kind of event: a container's
 * are its labels, its image as given and its name (moby's {@code LogContainerEventWithAttributes});
 * an image's are its labels and a name; a volume's its driver. Recording never fails a command: a
 * log that cannot be written is reported as a warning.
 */
public final class Events {

    private static final Logger LOG = Logger.getLogger(Events.class.getName());

    private final EventSink sink;
    private final Clock clock;

    @Inject
    public Events(EventLog log) {
        this(log, Clock.systemUTC());
    }

    public Events(EventSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** Events that go nowhere, for an engine part used on its own. */
    public static Events discarding() {
        return new Events(event -> {}, Clock.systemUTC());
    }

    public void container(ContainerRecord container, String action) {
        container(container, action, Map.of());
    }

    /** A container's event; {@code extra} (an exit code, a signal) wins over a label of the same name, as in Docker. */
    public void container(ContainerRecord container, String action, Map<String, String> extra) {
        Map<String, String> attributes = new HashMap<>(container.config().labels());
        attributes.putAll(extra);
        if (!container.image().isEmpty()) {
            attributes.put("image", container.image());
        }
        attributes.put("name", container.name());
        record(Event.CONTAINER, action, container.id(), attributes);
    }

    /** An image's event: {@code name} is a tag, or the image id where Docker names none. */
    public void image(String imageId, String name, Map<String, String> labels, String action) {
        Map<String, String> attributes = new HashMap<>(labels);
        attributes.put("name", name);
        record(Event.IMAGE, action, imageId, attributes);
    }

    /** A volume's event; jocker's volumes are all the local driver's. */
    public void volume(String name, String action) {
        record(Event.VOLUME, action, name, Map.of("driver", "local"));
    }

    /** What a prune of {@code type} reclaimed, as Docker reports it: an event without an actor. */
    public void pruned(String type, long reclaimedBytes) {
        record(type, "prune", "", Map.of("reclaimed", Long.toString(reclaimedBytes)));
    }

    private void record(String type, String action, String id, Map<String, String> attributes) {
        Event event = new Event(type, action, id, attributes, Event.nanos(clock.instant()));
        try {
            sink.append(event);
        } catch (IOException | RuntimeException e) {
            LOG.warning("cannot record the " + type + " event " + action + ": " + e.getMessage());
        }
    }
}
