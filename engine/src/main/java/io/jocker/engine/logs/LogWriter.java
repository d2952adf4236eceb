package io.jocker.engine.logs;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Turns the raw bytes of a container's two streams into {@link LogEntry} lines appended to its
 * log file. Each stream keeps its own unfinished line; a line longer than {@link #MAX_LINE} is
 * cut into partial entries so memory stays bounded. Entries that cannot be written (a full disk)
 * are dropped, so that the container's output is still drained and it never blocks on it.
 */
public final class LogWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LogWriter.class.getName());

    public static final int MAX_LINE = 16 * 1024;

    private final OutputStream out;
    private final Clock clock;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    /** A write failed: the file may end in part of an entry, which the next one must not continue. */
    private boolean cutShort;

    public LogWriter(Path file, Clock clock) throws IOException {
        this.out = new FileOutputStream(file.toFile(), true);
        this.clock = clock;
    }

    /** Records {@code length} bytes the container wrote to {@code stream}. */
    public void write(String stream, byte[] data, int length) throws IOException {
        StringBuilder pending = LogEntry.STDERR.equals(stream) ? stderr : stdout;
        pending.append(new String(data, 0, length, StandardCharsets.ISO_8859_1));
        while (true) {
            int newline = pending.indexOf("\n");
            if (newline >= 0 && newline <= MAX_LINE) {
                emit(stream, false, pending.substring(0, newline));
                pending.delete(0, newline + 1);
            } else if (pending.length() >= MAX_LINE) {
                emit(stream, true, pending.substring(0, MAX_LINE));
                pending.delete(0, MAX_LINE);
            } else {
                break;
            }
        }
        out.flush();
    }

    /** The stream ended: an unfinished line is kept as a partial entry. */
    public void endOf(String stream) throws IOException {
        StringBuilder pending = LogEntry.STDERR.equals(stream) ? stderr : stdout;
        if (pending.length() > 0) {
            emit(stream, true, pending.toString());
            pending.setLength(0);
            out.flush();
        }
    }

    private void emit(String stream, boolean partial, String text) {
        byte[] entry = new LogEntry(clock.instant(), stream, partial, text).encode();
        try {
            if (cutShort) {
                out.write('\n');
                cutShort = false;
            }
            out.write(entry);
        } catch (IOException e) {
            if (!cutShort) {
                LOG.warning("dropping log entries until they can be written: " + e.getMessage());
            }
            cutShort = true;
        }
    }

    @Override
    public void close() throws IOException {
        endOf(LogEntry.STDOUT);
        endOf(LogEntry.STDERR);
        out.close();
    }
}
