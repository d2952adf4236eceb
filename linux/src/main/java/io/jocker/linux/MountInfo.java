package io.jocker.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Mount points from {@code /proc/self/mountinfo}. */
public final class MountInfo {

    private static final Path SELF = Path.of("/proc/self/mountinfo");

    private MountInfo() {}

    /** One line of mountinfo. */
    public record Entry(int id, int parentId, Path mountPoint, String options, String fsType, String source) {}

    /** Every mount of the calling process's mount namespace. */
    public static List<Entry> read() throws IOException {
        return parse(Files.readAllLines(SELF));
    }

    /** Whether {@code path} (absolute, normalised) is a mount point. */
    public static boolean isMountPoint(Path path) throws IOException {
        Path target = path.toAbsolutePath().normalize();
        return read().stream().anyMatch(e -> e.mountPoint().equals(target));
    }

    /** The mount points at or below {@code prefix}, in mount order. */
    public static List<Path> mountsUnder(Path prefix) throws IOException {
        Path root = prefix.toAbsolutePath().normalize();
        return read().stream().map(Entry::mountPoint).filter(p -> p.startsWith(root)).toList();
    }

    static List<Entry> parse(List<String> lines) throws IOException {
        List<Entry> entries = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!line.isBlank()) {
                entries.add(parseLine(line));
            }
        }
        return entries;
    }

    private static Entry parseLine(String line) throws IOException {
        String[] fields = line.split(" ");
        int separator = List.of(fields).indexOf("-");
        if (fields.length < 10 || separator < 6 || fields.length < separator + 3) {
            throw new IOException("malformed mountinfo line: " + line);
        }
        try {
            return new Entry(
                    Integer.parseInt(fields[0]),
                    Integer.parseInt(fields[1]),
                    Path.of(unescape(fields[4])),
                    fields[5],
                    fields[separator + 1],
                    unescape(fields[separator + 2]));
        } catch (NumberFormatException e) {
            throw new IOException("malformed mountinfo line: " + line, e);
        }
    }

    /** The kernel writes space, tab, newline and backslash as three-digit octal escapes. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
