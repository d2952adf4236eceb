package io.jocker.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Fields of {@code /proc/PID/stat}. */
public final class ProcStat {

    private static final int START_TIME_FIELD = 22;

    private ProcStat() {}

    /** The start time in clock ticks since boot, or empty when the process does not exist. */
    public static OptionalLong startTime(Path proc, long pid) throws IOException {
        String stat;
        try {
            stat = readWhole(proc.resolve(Long.toString(pid)).resolve("stat"));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(parseStartTime(stat));
    }

    /**
     * A /proc file read with one large read: {@code Files.readString} reads size-0 files in
     * pieces, and some /proc files (sysctls) answer a read at a non-zero offset with end of file.
     */
    public static String readWhole(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The start time of {@code /proc/PID/stat} of this host. */
    public static OptionalLong startTime(long pid) throws IOException {
        return startTime(Path.of("/proc"), pid);
    }

    /** Whether {@code pid} is gone or a zombie (state Z: it exited and awaits its parent's wait). */
    public static boolean isGoneOrZombie(long pid) throws IOException {
        String stat;
        try {
            stat = readWhole(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return true;
        }
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 >= stat.length()) {
            throw new IOException("malformed /proc stat line: " + stat);
        }
        return stat.charAt(end + 2) == 'Z';
    }

    /**
     * Field 22 of a stat line. The command name (field 2) may contain spaces and parentheses, so
     * counting starts after its last closing parenthesis.
     */
    static long parseStartTime(String stat) throws IOException {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            throw new IOException("malformed /proc stat line: " + stat);
        }
        String[] rest = stat.substring(end + 1).trim().split(" +");
        int index = START_TIME_FIELD - 3;
        if (rest.length <= index) {
            throw new IOException("malformed /proc stat line, too few fields: " + stat);
        }
        try {
            return Long.parseLong(rest[index]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed start time in /proc stat line: " + stat, e);
        }
    }
}
