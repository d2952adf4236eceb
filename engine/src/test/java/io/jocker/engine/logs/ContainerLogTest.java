package io.jocker.engine.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log format written by the supervisor and read by {@code logs}. */
class ContainerLogTest {

    private static final Instant T = Instant.parse("2026-11-28T09:37:13.000000120Z");

    @TempDir
    Path dir;

    @Test
    void linesOfBothStreamsKeepTheirOrderTimesAndBytes() throws IOException {
        Path file = dir.resolve("container.log");
        try (LogWriter log = new LogWriter(file, Clock.fixed(T, ZoneOffset.UTC))) {
            write(log, LogEntry.STDOUT, "one\ntw");
            write(log, LogEntry.STDERR, "oops\n");
            write(log, LogEntry.STDOUT, "o\n");
            log.write(LogEntry.STDOUT, new byte[] {(byte) 0xff, 0, ' ', '\n'}, 4);
        }
        List<LogEntry> entries = LogReader.read(file, 0).entries();
        assertEquals(4, entries.size());
        assertEquals(new LogEntry(T, LogEntry.STDOUT, false, "one"), entries.get(0));
        assertEquals(new LogEntry(T, LogEntry.STDERR, false, "oops"), entries.get(1));
        assertEquals(new LogEntry(T, LogEntry.STDOUT, false, "two"), entries.get(2));
        assertArrayEquals(new byte[] {(byte) 0xff, 0, ' ', '\n'}, entries.get(3).payload());
        assertEquals("2026-11-28T09:37:13.000000120Z", entries.get(0).timestamp());
        assertEquals("2026-11-28T09:37:13.000000120Z stdout F one\n",
                new String(entries.get(0).encode(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void onAFullDiskEntriesAreDroppedAndTheOutputStillDrained() throws IOException {
        // /dev/full fails every write with ENOSPC, as a full file system does.
        try (LogWriter log = new LogWriter(Path.of("/dev/full"), Clock.fixed(T, ZoneOffset.UTC))) {
            write(log, LogEntry.STDOUT, "lost\n".repeat(100));
            write(log, LogEntry.STDERR, "dd: error writing '/fill': No space left on device\nunfinished");
        }
    }

    @Test
    void anUnfinishedLineIsKeptAsPartialAndLongLinesAreCut() throws IOException {
        Path file = dir.resolve("container.log");
        try (LogWriter log = new LogWriter(file, Clock.fixed(T, ZoneOffset.UTC))) {
            write(log, LogEntry.STDOUT, "x".repeat(LogWriter.MAX_LINE + 5) + "\nno newline");
        }
        List<LogEntry> entries = LogReader.read(file, 0).entries();
        assertEquals(3, entries.size());
        assertTrue(entries.get(0).partial());
        assertEquals(LogWriter.MAX_LINE, entries.get(0).text().length());
        assertEquals("xxxxx\n", new String(entries.get(1).payload(), StandardCharsets.ISO_8859_1));
        assertEquals("no newline", new String(entries.get(2).payload(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void readingStopsAtTheLastCompleteLineAndContinuesFromThere() throws IOException {
        Path file = dir.resolve("container.log");
        String first = new String(new LogEntry(T, LogEntry.STDOUT, false, "a").encode(), StandardCharsets.ISO_8859_1);
        Files.writeString(file, first + "2026-11-28T09:37:13.000000120Z std", StandardCharsets.ISO_8859_1);
        LogReader.Chunk chunk = LogReader.read(file, 0);
        assertEquals(1, chunk.entries().size());
        assertEquals(first.length(), chunk.nextOffset());
        Files.writeString(file, "out F b\n", StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        LogReader.Chunk next = LogReader.read(file, chunk.nextOffset());
        assertEquals(List.of(new LogEntry(T, LogEntry.STDOUT, false, "b")), next.entries());
    }

    @Test
    void garbageLinesAndAMissingFileReadAsNothing() throws IOException {
        Path file = dir.resolve("container.log");
        Files.writeString(file, "garbage\nnot-a-time stdout F x\n2026-11-28T09:37:13Z stdin F x\n2026-11-28T09:37:13Z stdout X x\n");
        assertEquals(List.of(), LogReader.read(file, 0).entries());
        assertEquals(List.of(), LogReader.read(dir.resolve("missing"), 0).entries());
    }

    private static void write(LogWriter log, String stream, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        log.write(stream, bytes, bytes.length);
    }
}
