package io.jocker.engine.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One record of a container's log, stored as one line in the CRI log format:
 * {@code <RFC 3339 time with nanoseconds> <stdout|stderr> <F|P> <bytes>}. {@code P} marks a piece
 * of a line that was cut (too long, or the stream ended without a newline); {@code F} a whole line.
 * The text is kept as ISO-8859-1 so that every byte the container wrote survives unchanged.
 *
 * @param time when jocker read it
 * @param stream {@code stdout} or {@code stderr}
 * @param partial the line continues in the next entry (no newline was written)
 * @param text the bytes without the newline, as ISO-8859-1 characters
 */
public record LogEntry(Instant time, String stream, boolean partial, String text) {

    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** The stored line, newline included. */
    public byte[] encode() {
        return (TIME.format(time) + " " + stream + " " + (partial ? "P " : "F ") + text + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parses one stored line (without its newline); empty for a line that is not an entry (a torn write). */
    public static Optional<LogEntry> parse(String line) {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        if (second < 0 || line.length() < second + 3 || line.charAt(second + 2) != ' ') {
            return Optional.empty();
        }
        String stream = line.substring(first + 1, second);
        char tag = line.charAt(second + 1);
        if (!(stream.equals(STDOUT) || stream.equals(STDERR)) || (tag != 'F' && tag != 'P')) {
            return Optional.empty();
        }
        try {
            Instant time = Instant.parse(line.substring(0, first));
            return Optional.of(new LogEntry(time, stream, tag == 'P', line.substring(second + 3)));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The bytes as the container wrote them: the text, plus its newline unless partial. */
    public byte[] payload() {
        return (partial ? text : text + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Docker's {@code -t} prefix: the RFC 3339 time with nanoseconds. */
    public String timestamp() {
        return TIME.format(time);
    }
}
