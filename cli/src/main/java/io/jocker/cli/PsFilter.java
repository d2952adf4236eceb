package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.filter.Filters;
import io.jocker.spi.ContainerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code ps --filter}: {@code status=}, {@code name=} (a regular expression, found anywhere in the
 * name, as Docker matches), {@code id=} (an id prefix) and {@code label=} ({@code KEY} or
 * {@code KEY=VALUE}). Values of one key are alternatives, except labels, which must all match;
 * different keys must all match.
 */
record PsFilter(List<String> statuses, List<Pattern> names, List<String> ids, Filters labels) {

    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");

    static PsFilter parse(List<String> filters) {
        List<String> statuses = new ArrayList<>();
        List<Pattern> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            if (eq <= 0) {
                throw new InvalidRequestException("bad format of filter (expected name=value): " + filter);
            }
            String key = filter.substring(0, eq);
            String value = filter.substring(eq + 1);
            switch (key) {
                case "status" -> {
                    if (!STATUSES.contains(value)) {
                        throw new InvalidRequestException("invalid filter 'status=" + value + "'");
                    }
                    statuses.add(value);
                }
                case "name" -> names.add(pattern(value));
                case "id" -> ids.add(value);
                case "label" -> labels.add(filter);
                default -> throw new InvalidRequestException("invalid filter '" + key + "'");
            }
        }
        return new PsFilter(statuses, names, ids, Filters.parse(labels));
    }

    private static Pattern pattern(String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new InvalidRequestException("invalid filter 'name=" + value + "': " + e.getDescription());
        }
    }

    /** A status filter shows stopped containers too, as {@code -a} would. */
    boolean selectsStatus() {
        return !statuses.isEmpty();
    }

    boolean matches(ContainerRecord r) {
        return (statuses.isEmpty() || statuses.contains(r.state().status().toString()))
                && (names.isEmpty() || names.stream().anyMatch(p -> p.matcher(r.name()).find()))
                && (ids.isEmpty() || ids.stream().anyMatch(id -> r.id().startsWith(id)))
                && labels.matchKeyValues("label", r.config().labels());
    }
}
