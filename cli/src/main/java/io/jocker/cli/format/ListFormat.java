package io.jocker.cli.format;

import io.jocker.cli.template.Functions;
import io.jocker.cli.template.GoMap;
import io.jocker.cli.template.Template;
import io.jocker.cli.template.TemplateException;
import java.util.List;
import java.util.Map;

/**
 * A list command's {@code --format}, as Docker's formatter reads it: empty or {@code table} for the
 * command's default table, {@code json} for one JSON object per line, {@code table TEMPLATE} for
 * an aligned table whose header is the same template run on the column names, and any other text
 * for a template run on each row. {@code \t} and {@code \n} in the text are a tab and a newline.
 *
 * <pre>{@code
 * ListFormat f = ListFormat.parse(format, "table {{.ID}}\t{{.Name}}");
 * out.print(f.render(rows, Map.of("ID", "ID", "Name", "NAME")));
 * }</pre>
 */
public final class ListFormat {

    private static final String TABLE = "table";
    private static final String JSON = "json";

    private final Template template;
    private final boolean table;

    private ListFormat(Template template, boolean table) {
        this.template = template;
        this.table = table;
    }

    /**
     * Parses {@code format} (null or empty: {@code defaultTable}).
     *
     * @throws FormatException when the template does not parse
     */
    public static ListFormat parse(String format, String defaultTable) {
        String source = format == null || format.isEmpty() || format.equals(TABLE) ? defaultTable : format;
        boolean table = source.startsWith(TABLE);
        if (table) {
            source = source.substring(TABLE.length());
        } else if (source.equals(JSON)) {
            source = "{{json .}}";
        }
        source = trimSpaces(source).replace("\\t", "\t").replace("\\n", "\n");
        try {
            return new ListFormat(Template.parse(source), table);
        } catch (TemplateException e) {
            throw new FormatException(e);
        }
    }

    /** Docker trims spaces only, not other white space. */
    private static String trimSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(start, end);
    }

    public boolean isTable() {
        return table;
    }

    /**
     * The whole output: each row's text and a newline, aligned under a header for a table.
     *
     * @param headers each field's column name; {@code .Label "a.b-c"} is headed {@code c} as in Docker
     * @throws FormatException when the template fails on a row; nothing is printed then, as in Docker
     */
    public String render(List<?> rows, Map<String, String> headers) {
        StringBuilder body = new StringBuilder();
        try {
            for (Object row : rows) {
                template.execute(row, Functions.docker(), false, body);
                body.append('\n');
            }
        } catch (TemplateException e) {
            throw new FormatException(e);
        }
        if (!table) {
            return body.toString();
        }
        StringBuilder header = new StringBuilder();
        try {
            template.execute(GoMap.ofStrings(headers, Map.of("Label", args -> label(args.get(0)))), Functions.dockerHeaders(),
                    false, header);
        } catch (TemplateException e) {
            // Docker ignores a header that fails and keeps what it wrote up to the failure.
        }
        return TabWriter.align(header + "\n" + body);
    }

    private static String label(Object name) {
        String text = String.valueOf(name);
        return text.substring(text.lastIndexOf('.') + 1).replace('-', ' ').replace('_', ' ');
    }
}
