package io.jocker.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter as Docker configures it for tables (minimum width 10, padding 3, spaces,
 * no flags): tab-terminated cells are aligned in columns; a column runs over consecutive lines
 * that have a cell in it, and the last cell of a line is not part of any column. Widths count
 * terminal columns, so wide (East Asian) characters count two, as Docker's fork of tabwriter does.
 */
public final class TabWriter {

    private final int minWidth;
    private final int padding;
    private final List<List<String>> lines = new ArrayList<>();
    private final List<Integer> widths = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    private TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    /** Aligns {@code text} as Docker's {@code tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)} does. */
    public static String align(String text) {
        TabWriter writer = new TabWriter(10, 3);
        writer.split(text);
        writer.format(0, writer.lines.size());
        return writer.out.toString();
    }

    private void split(String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                cells.add(cell.toString());
                lines.add(cells);
                cells = new ArrayList<>();
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        lines.add(cells);
    }

    /** Go's tabwriter {@code format}: finds the column blocks of column {@code widths.size()} between two lines. */
    private void format(int line0, int line1) {
        int column = widths.size();
        for (int current = line0; current < line1; current++) {
            if (column >= lines.get(current).size() - 1) {
                continue;
            }
            writeLines(line0, current);
            line0 = current;
            int width = minWidth;
            for (; current < line1; current++) {
                List<String> cells = lines.get(current);
                if (column >= cells.size() - 1) {
                    break;
                }
                width = Math.max(width, displayWidth(cells.get(column)) + padding);
            }
            widths.add(width);
            format(line0, current);
            widths.remove(widths.size() - 1);
            line0 = current;
        }
        writeLines(line0, line1);
    }

    private void writeLines(int line0, int line1) {
        for (int i = line0; i < line1; i++) {
            List<String> cells = lines.get(i);
            for (int j = 0; j < cells.size(); j++) {
                String cell = cells.get(j);
                out.append(cell);
                if (j < widths.size()) {
                    out.append(" ".repeat(widths.get(j) - displayWidth(cell)));
                }
            }
            if (i + 1 < lines.size()) {
                out.append('\n');
            }
        }
    }

    /** Terminal columns: two for East Asian wide and full-width characters, none for combining marks. */
    static int displayWidth(String s) {
        int width = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || cp == 0x200B) {
                continue;
            }
            width += isWide(cp) ? 2 : 1;
        }
        return width;
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
