package io.jocker.engine.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads whole {@link LogEntry} lines from a log file that may still grow. */
public final class LogReader {

    private static final int CHUNK = 64 * 1024;

    private LogReader() {}

    /** The entries read and where the next read continues (after the last complete line). */
    public record Chunk(List<LogEntry> entries, long nextOffset) {}

    /** Every complete line from {@code offset} on; a missing file reads as empty. */
    public static Chunk read(Path file, long offset) throws IOException {
        List<LogEntry> entries = new ArrayList<>();
        long consumed = offset;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(offset);
            StringBuilder line = new StringBuilder();
            byte[] buffer = new byte[CHUNK];
            long position = offset;
            int n;
            while ((n = in.read(buffer)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.append(new String(buffer, start, i - start, StandardCharsets.ISO_8859_1));
                        LogEntry.parse(line.toString()).ifPresent(entries::add);
                        line.setLength(0);
                        start = i + 1;
                        consumed = position + i + 1;
                    }
                }
                line.append(new String(buffer, start, n - start, StandardCharsets.ISO_8859_1));
                position += n;
            }
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            return new Chunk(entries, offset);
        }
        return new Chunk(entries, consumed);
    }
}
