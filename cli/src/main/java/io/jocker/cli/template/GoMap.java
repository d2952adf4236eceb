package io.jocker.cli.template;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Go map whose element type has a zero value other than nil, such as {@code map[string]string}:
 * {@code index} of a missing key gives {@code zero}. A plain {@link Map} is a
 * {@code map[string]interface{}}. Keys are kept sorted, as Go prints and encodes them. A map type
 * may have methods (Docker's table header has {@code .Label "key"}); a method wins over a key.
 */
public record GoMap(Map<String, Object> entries, Object zero, Map<String, GoStruct.Method> methods) {

    public GoMap {
        entries = new TreeMap<>(entries);
        methods = Map.copyOf(methods);
    }

    /** A {@code map[string]string}. */
    public static GoMap ofStrings(Map<String, String> strings) {
        return new GoMap(new TreeMap<String, Object>(strings), "", Map.of());
    }

    /** A {@code map[string]string} with one-argument methods. */
    public static GoMap ofStrings(Map<String, String> strings, Map<String, GoStruct.Method> methods) {
        return new GoMap(new TreeMap<String, Object>(strings), "", methods);
    }
}
