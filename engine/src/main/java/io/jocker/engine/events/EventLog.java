package io.jocker.engine.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.base.EngineConfig;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The append-only log of what every jocker process did, under {@code <root>/events/}:
 *
 * <pre>
 * events.log     the current log, one {@link EventRecords JSON line} per event
 * events.log.1   the previous one, replaced at each rotation
 * rotate.lock    held by the one process that rotates
 * </pre>
 *
 * Writers never coordinate: each opens the log with {@code O_APPEND} and writes a whole record,
 * at most {@link EventRecords#MAX_BYTES} long, with one {@code write}, which the kernel appends
 * atomically, so records of concurrent writers never interleave. That is an open, a write and a
 * close (and a {@code stat}) per event. A writer that finds the log past {@code rotateBytes}
 * renames it to {@code events.log.1} under the rotation lock (after looking again, since another
 * may have rotated it meanwhile), so the log holds at most about twice that. A record a writer
 * appends through a descriptor opened just before a rotation lands at the end of
 * {@code events.log.1}, which readers read first.
 */
public final class EventLog implements EventSink {

    static final String CURRENT = "events.log";
    static final String PREVIOUS = "events.log.1";
    private static final String ROTATE_LOCK = "rotate.lock";
    /** About 4000 events per file; two files are kept. */
    static final long ROTATE_BYTES = 1L << 20;
    /** File locks are per process: the threads of one JVM (the supervisor's) take turns here first. */
    private static final Object ROTATING = new Object();

    private final Path dir;
    private final long rotateBytes;
    private final Provider<ObjectMapper> json;

    @Inject
    public EventLog(EngineConfig config, Provider<ObjectMapper> json) {
        this(config.root().resolve("events"), ROTATE_BYTES, json);
    }

    EventLog(Path dir, long rotateBytes, Provider<ObjectMapper> json) {
        this.dir = dir;
        this.rotateBytes = rotateBytes;
        this.json = json;
    }

    @Override
    public void append(Event event) throws IOException {
        byte[] record = EventRecords.encode(event);
        File log = dir.resolve(CURRENT).toFile();
        try (FileOutputStream out = openForAppend(log)) {
            out.write(record);
        }
        if (log.length() > rotateBytes) {
            rotate();
        }
    }

    private FileOutputStream openForAppend(File log) throws IOException {
        try {
            return new FileOutputStream(log, true);
        } catch (FileNotFoundException e) {
            // What commands do is root's business only, as Docker's events are the socket's owner's.
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new FileOutputStream(log, true);
        }
    }

    private void rotate() throws IOException {
        synchronized (ROTATING) {
            try (FileChannel channel = FileChannel.open(dir.resolve(ROTATE_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                Path current = dir.resolve(CURRENT);
                if (Files.size(current) > rotateBytes) {
                    Files.move(current, dir.resolve(PREVIOUS), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A reader of the log from its oldest record ({@code fromStart}) or from its end, which follows it as it grows. */
    public EventReader reader(boolean fromStart) throws IOException {
        return new EventReader(dir, json.get(), fromStart);
    }
}
