package io.jocker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The mount points of this process's mount namespace, read from {@code /proc/self/mountinfo}. */
public record MountTable(List<Path> mountPoints) {

    public MountTable {
        mountPoints = List.copyOf(mountPoints);
    }

    public static MountTable current() throws IOException {
        return new MountTable(Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> Path.of(unescape(line.split(" ")[4])))
                .toList());
    }

    public boolean contains(Path path) {
        return mountPoints.contains(path);
    }

    /** Mount points at or below {@code root}; a leak check for tests. */
    public List<Path> under(Path root) {
        Path normalized = root.toAbsolutePath().normalize();
        return mountPoints.stream().filter(p -> p.startsWith(normalized)).toList();
    }

    /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
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
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
