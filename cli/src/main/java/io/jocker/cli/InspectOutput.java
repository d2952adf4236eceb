package io.jocker.cli;

import io.jocker.cli.template.Functions;
import io.jocker.cli.template.GoJson;
import io.jocker.cli.template.GoMap;
import io.jocker.cli.template.GoNil;
import io.jocker.cli.template.GoStruct;
import io.jocker.cli.template.Template;
import io.jocker.cli.template.TemplateException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the inspect commands print, as docker/cli's inspector does: without a format the objects as
 * an indented JSON array, with {@code json} a compact one, otherwise the template's output for each
 * object on a line of its own. Objects not found and templates that fail on one are reported on
 * stderr after everything that worked, with status 1.
 */
final class InspectOutput {

    private final Template template;
    private final boolean compactJson;
    private final boolean rawFallback;
    private final List<Object> documents = new ArrayList<>();
    private final StringBuilder formatted = new StringBuilder();
    private final List<String> errors = new ArrayList<>();

    private InspectOutput(Template template, boolean compactJson, boolean rawFallback) {
        this.template = template;
        this.compactJson = compactJson;
        this.rawFallback = rawFallback;
    }

    /**
     * @param rawFallback run a template that fails on the typed object again on its JSON form, as
     *     {@code docker inspect} does (so a missing key fails as "map has no entry for key")
     * @throws InspectTemplateException when the template does not parse
     */
    static InspectOutput of(String format, boolean rawFallback) {
        if (format == null || format.isEmpty() || format.equals("json")) {
            return new InspectOutput(null, format != null && format.equals("json"), rawFallback);
        }
        try {
            return new InspectOutput(Template.parse(format), false, rawFallback);
        } catch (TemplateException e) {
            throw new InspectTemplateException(e);
        }
    }

    void add(GoStruct document) {
        if (template == null) {
            documents.add(document);
            return;
        }
        try {
            formatted.append(template.execute(document)).append('\n');
        } catch (TemplateException typed) {
            if (!rawFallback) {
                errors.add("template parsing error: " + typed.getMessage());
                return;
            }
            try {
                formatted.append(template.execute(raw(document), Functions.docker(), true)).append('\n');
            } catch (TemplateException raw) {
                errors.add("template parsing error: " + raw.getMessage());
            }
        }
    }

    void error(String message) {
        errors.add(message);
    }

    /** Prints the result; returns the exit status. */
    int print(PrintWriter out, PrintWriter err) {
        if (template != null) {
            out.print(formatted.length() == 0 ? "\n" : formatted);
        } else if (compactJson) {
            out.println(GoJson.compact(documents, true));
        } else {
            out.println(GoJson.indented(documents));
        }
        out.flush();
        errors.forEach(err::println);
        err.flush();
        return errors.isEmpty() ? 0 : 1;
    }

    /** The object as the JSON decoder sees it: structs become maps, without the empty fields JSON omits; typed nils are nil. */
    private static Object raw(Object value) {
        if (value instanceof GoStruct s) {
            Map<String, Object> map = new LinkedHashMap<>();
            GoJson.presentFields(s).forEach((k, v) -> map.put(k, raw(v)));
            return map;
        } else if (value instanceof GoMap m) {
            Map<String, Object> map = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> map.put(k, raw(v)));
            return map;
        } else if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = new LinkedHashMap<>();
            m.forEach((k, v) -> map.put(String.valueOf(k), raw(v)));
            return map;
        } else if (value instanceof List<?> l) {
            return l.stream().map(InspectOutput::raw).toList();
        } else if (value instanceof GoNil) {
            return null;
        }
        return value;
    }
}
