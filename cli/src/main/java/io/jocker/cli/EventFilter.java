package io.jocker.cli;

import io.jocker.engine.events.Event;
import io.jocker.engine.filter.Filters;
import io.jocker.engine.image.ImageException;
import io.jocker.engine.image.Reference;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code events --filter}, matched as moby's {@code events.Filter.Include}: {@code type},
 * {@code event} (exact, or a prefix for {@code exec_create}, {@code exec_start} and
 * {@code health_status}, whose actions carry the command), {@code container} and {@code volume}
 * (an id prefix or the name), {@code image} (an image event's id or name, a container event's
 * image, with or without its tag), {@code label} (the actor's attributes) and {@code scope}. The
 * keys of what jocker does not have (networks, daemons, plugins, swarm) are taken and match
 * nothing of jocker's.
 */
final class EventFilter {

    private static final Set<String> KEYS = Set.of("config", "container", "daemon", "event", "image", "label", "network", "node",
            "plugin", "scope", "secret", "service", "type", "volume");
    private static final Set<String> NAMED_TYPES = Set.of("config", "container", "daemon", "network", "node", "plugin", "secret",
            "service", "volume");
    private static final Set<String> PREFIX_ACTIONS = Set.of("exec_create", "exec_start", "health_status");

    private final Filters filters;

    private EventFilter(Filters filters) {
        this.filters = filters;
    }

    static EventFilter parse(List<String> flags) {
        return new EventFilter(Filters.parse(flags).accept(KEYS));
    }

    boolean includes(Event e) {
        return matchesAction(e) && filters.exactMatch("type", e.type()) && filters.exactMatch("scope", "local")
                && NAMED_TYPES.stream().allMatch(type -> matchesName(e, type)) && matchesImage(e)
                && filters.matchKeyValues("label", e.attributes());
    }

    private boolean matchesAction(Event e) {
        return filters.get("event").stream().anyMatch(PREFIX_ACTIONS::contains) ? filters.fuzzyMatch("event", e.action())
                : filters.exactMatch("event", e.action());
    }

    /** A key such as {@code container=} selects the events whose actor it names, whatever their type, as in moby. */
    private boolean matchesName(Event e, String type) {
        return filters.fuzzyMatch(type, e.actorId()) || filters.fuzzyMatch(type, e.attributes().getOrDefault("name", ""));
    }

    private boolean matchesImage(Event e) {
        Map<String, String> attributes = e.attributes();
        String name = attributes.getOrDefault(e.type().equals(Event.IMAGE) ? "name" : "image", "");
        return filters.exactMatch("image", e.actorId()) || filters.exactMatch("image", name)
                || filters.exactMatch("image", withoutTag(e.actorId())) || filters.exactMatch("image", withoutTag(name));
    }

    private static String withoutTag(String image) {
        try {
            return Reference.parse(image).repository();
        } catch (ImageException | RuntimeException e) {
            return image;
        }
    }
}
