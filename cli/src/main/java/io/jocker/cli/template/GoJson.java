package io.jocker.cli.template;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's encoding/json for template values: struct fields in order, map keys sorted, Go's string
 * escapes and number forms, compact ({@code json.Marshal}) or indented as {@code json.MarshalIndent}
 * and {@code docker inspect} indent (four spaces, {@code "Key": value}, {@code []} and {@code {}}
 * when empty).
 */
public final class GoJson {

    private boolean escapeHtml;
    private final String indent;
    private final StringBuilder out = new StringBuilder();

    private GoJson(boolean escapeHtml, String indent) {
        this.escapeHtml = escapeHtml;
        this.indent = indent;
    }

    /** {@code json.Marshal}; {@code escapeHtml} false is an encoder with {@code SetEscapeHTML(false)}. */
    public static String compact(Object value, boolean escapeHtml) {
        GoJson json = new GoJson(escapeHtml, null);
        json.write(value, 0);
        return json.out.toString();
    }

    /** What {@code docker inspect} prints: the daemon's JSON (HTML escaped) indented by four spaces. */
    public static String indented(Object value) {
        GoJson json = new GoJson(true, "    ");
        json.write(value, 0);
        return json.out.toString();
    }

    private void write(Object value, int depth) {
        if (value == null || value instanceof GoNil) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Double d) {
            out.append(GoFormat.shortestFloat(d, -6, 21, "e+", "e-", false));
        } else if (value instanceof Collection<?> c) {
            array(c.iterator(), depth);
        } else if (value instanceof Map<?, ?> m) {
            object(new TreeMap<>(m), depth);
        } else if (value instanceof GoMap m) {
            object(m.entries(), depth);
        } else if (value instanceof GoStruct s) {
            boolean outer = escapeHtml;
            escapeHtml |= s.escapesHtml();
            object(presentFields(s), depth);
            escapeHtml = outer;
        } else {
            string(value.toString());
        }
    }

    /** The fields JSON writes, by their JSON keys: all but the {@code omitempty} ones that hold Go's zero value. */
    public static Map<String, Object> presentFields(GoStruct s) {
        Map<String, Object> kept = new LinkedHashMap<>();
        s.fields().forEach((k, v) -> {
            if (!s.omitsWhenEmpty(k) || GoValues.truth(v)) {
                kept.put(s.jsonKey(k), v);
            }
        });
        return kept;
    }

    private void array(Iterator<?> elements, int depth) {
        out.append('[');
        boolean first = true;
        while (elements.hasNext()) {
            out.append(first ? "" : ",");
            newline(depth + 1);
            write(elements.next(), depth + 1);
            first = false;
        }
        if (!first) {
            newline(depth);
        }
        out.append(']');
    }

    private void object(Map<?, ?> fields, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            out.append(first ? "" : ",");
            newline(depth + 1);
            string(String.valueOf(e.getKey()));
            out.append(indent == null ? ":" : ": ");
            write(e.getValue(), depth + 1);
            first = false;
        }
        if (!first) {
            newline(depth);
        }
        out.append('}');
    }

    private void newline(int depth) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                case '<', '>', '&' -> out.append(escapeHtml ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
