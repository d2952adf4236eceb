package io.jocker.engine.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Reads the {@link EventLog} as it grows: complete records only (a record being written is read
 * once its newline is there), across rotations (the rotated file is read to its end before the new
 * one). Waiting for more is woken by inotify.
 */
public final class EventReader implements Closeable {

    private final Path dir;
    private final ObjectMapper json;
    private final List<Event> history = new ArrayList<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private FileChannel channel;
    private Object fileKey;
    private WatchService watch;

    EventReader(Path dir, ObjectMapper json, boolean fromStart) throws IOException {
        this.dir = dir;
        this.json = json;
        open(fromStart);
        if (fromStart) {
            // Rotated since the current log was opened: then the previous file is the one being read already.
            Object previous = keyOf(dir.resolve(EventLog.PREVIOUS));
            if (previous != null && !previous.equals(fileKey)) {
                readWhole(dir.resolve(EventLog.PREVIOUS));
            }
            readAvailable(history);
            // A record written to the previous file just after a rotation may be newer than the first of the current one.
            history.sort(Comparator.comparingLong(Event::timeNano));
        }
    }

    /**
     * The records appended since the last call (the first call: those already there when reading
     * from the start), in order; when there are none, waits up to {@code wait} for some.
     */
    public List<Event> next(Duration wait) throws IOException, InterruptedException {
        List<Event> events = new ArrayList<>(history);
        history.clear();
        drain(events);
        if (events.isEmpty() && !wait.isZero()) {
            if (watch == null) {
                // Whatever came before the watch existed would wake nobody.
                watcher();
                drain(events);
                if (!events.isEmpty()) {
                    return events;
                }
            }
            WatchKey key = watch.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
            drain(events);
        }
        return events;
    }

    private void drain(List<Event> events) throws IOException {
        while (true) {
            // A log that appears after the reader was made holds only what is new to it.
            if (channel == null && !open(true)) {
                return;
            }
            readAvailable(events);
            Object current = keyOf(dir.resolve(EventLog.CURRENT));
            if (current == null || current.equals(fileKey)) {
                return;
            }
            // Rotated: what was appended to the old file is read above; the new one is read from its start.
            channel.close();
            channel = null;
            partial.reset();
            if (!open(true)) {
                return;
            }
        }
    }

    /** Opens the current log at its start or end; false when there is none yet. */
    private boolean open(boolean atStart) throws IOException {
        Path log = dir.resolve(EventLog.CURRENT);
        for (int attempt = 0; attempt < 10; attempt++) {
            Object before = keyOf(log);
            if (before == null) {
                return false;
            }
            FileChannel opened;
            try {
                opened = FileChannel.open(log, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                continue;
            }
            // The key of what was opened: the file had the same before and after, so it is the one opened.
            if (before.equals(keyOf(log))) {
                channel = opened;
                fileKey = before;
                if (!atStart) {
                    channel.position(channel.size());
                }
                return true;
            }
            opened.close();
        }
        return false;
    }

    private void readWhole(Path file) throws IOException {
        try (FileChannel old = FileChannel.open(file, StandardOpenOption.READ)) {
            read(old, history);
            partial.reset();
        } catch (NoSuchFileException e) {
            // Never rotated.
        }
    }

    private void readAvailable(List<Event> events) throws IOException {
        if (channel != null) {
            read(channel, events);
        }
    }

    private void read(FileChannel from, List<Event> events) throws IOException {
        while (true) {
            buffer.clear();
            int n = from.read(buffer);
            if (n <= 0) {
                return;
            }
            byte[] bytes = buffer.array();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    partial.write(bytes, start, i - start);
                    EventRecords.decode(json, partial.toString(StandardCharsets.UTF_8)).ifPresent(events::add);
                    partial.reset();
                    start = i + 1;
                }
            }
            partial.write(bytes, start, n - start);
        }
    }

    private void watcher() throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        watch = dir.getFileSystem().newWatchService();
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    }

    private static Object keyOf(Path file) throws IOException {
        try {
            return Objects.requireNonNull(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
        if (watch != null) {
            watch.close();
        }
    }
}
