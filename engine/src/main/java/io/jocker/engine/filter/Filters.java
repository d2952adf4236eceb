package io.jocker.engine.filter;

import io.jocker.engine.base.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --filter KEY=VALUE} flags, matched as Docker's {@code filters.Args} matches them: values
 * of one key are alternatives (any may match), different keys must all match, and a key that was
 * not given matches everything. Keys are case-insensitive.
 *
 * <pre>{@code
 * Filters f = Filters.parse(List.of("label=team=a", "until=1h")).accept(Set.of("label", "until"));
 * boolean pruned = f.matchLabels(labels) && f.until(now).map(created::isBefore).orElse(true);
 * }</pre>
 */
public final class Filters {

    public static final Filters NONE = new Filters(Map.of());

    private final Map<String, Set<String>> fields;

    private Filters(Map<String, Set<String>> fields) {
        this.fields = fields;
    }

    /** Docker's parse of each flag: split at the first {@code =}, the key trimmed and lower-cased, the value trimmed. */
    public static Filters parse(List<String> flags) {
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            if (eq < 0) {
                throw new InvalidRequestException("bad format of filter (expected name=value)");
            }
            fields.computeIfAbsent(flag.substring(0, eq).trim().toLowerCase(Locale.ROOT), k -> new LinkedHashSet<>())
                    .add(flag.substring(eq + 1).trim());
        }
        return new Filters(fields);
    }

    /** These filters, if every key is one of {@code keys}; Docker's {@code invalid filter 'KEY'} otherwise. */
    public Filters accept(Set<String> keys) {
        for (String key : fields.keySet()) {
            if (!keys.contains(key)) {
                throw new InvalidRequestException("invalid filter '" + key + "'");
            }
        }
        return this;
    }

    public boolean has(String key) {
        return fields.containsKey(key);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public List<String> get(String key) {
        return new ArrayList<>(fields.getOrDefault(key, Set.of()));
    }

    /** These filters without {@code key}. */
    public Filters without(String key) {
        Map<String, Set<String>> rest = new LinkedHashMap<>(fields);
        rest.remove(key);
        return new Filters(rest);
    }

    /** Whether {@code source} is one of the key's values. */
    public boolean exactMatch(String key, String source) {
        Set<String> values = fields.get(key);
        return values == null || values.contains(source);
    }

    /** Whether one of the key's values is {@code source} or a prefix of it (an id given in part). */
    public boolean fuzzyMatch(String key, String source) {
        Set<String> values = fields.get(key);
        return values == null || values.stream().anyMatch(source::startsWith);
    }

    /** Whether every {@code KEY} or {@code KEY=VALUE} of the key is among {@code sources}, as Docker's {@code MatchKVList}. */
    public boolean matchKeyValues(String key, Map<String, String> sources) {
        Set<String> values = fields.get(key);
        if (values == null) {
            return true;
        }
        for (String value : values) {
            int eq = value.indexOf('=');
            String name = eq < 0 ? value : value.substring(0, eq);
            if (!sources.containsKey(name) || eq >= 0 && !sources.get(name).equals(value.substring(eq + 1))) {
                return false;
            }
        }
        return true;
    }

    /** {@code label=} must all match, and no {@code label!=} may, as Docker's prune and list filters read them. */
    public boolean matchLabels(Map<String, String> labels) {
        return matchKeyValues("label", labels) && (!has("label!") || !matchKeyValues("label!", labels));
    }

    /** A boolean filter ({@code dangling=true}): {@code true}/{@code 1} or {@code false}/{@code 0}, not both. */
    public Optional<Boolean> bool(String key) {
        Set<String> values = fields.get(key);
        if (values == null) {
            return Optional.empty();
        }
        boolean isTrue = values.contains("true") || values.contains("1");
        boolean isFalse = values.contains("false") || values.contains("0");
        if (isTrue == isFalse) {
            throw new InvalidRequestException("invalid filter '" + key + "=" + String.join(",", values) + "'");
        }
        return Optional.of(isTrue);
    }

    /** The one time a key gives ({@code until=}), read as Docker reads timestamps, relative to {@code now}. */
    public Optional<Instant> time(String key, Instant now) {
        Set<String> values = fields.get(key);
        if (values == null) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new InvalidRequestException("more than one " + key + " filter specified");
        }
        return Optional.of(Timestamps.parse(values.iterator().next(), now));
    }
}
