package io.jocker.engine.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log: whole records under concurrent writers, bounded by rotation, read as it grows. */
class EventLogTest {

    private static final ObjectMapper JSON = Json.newMapper();

    @TempDir
    Path root;

    private EventLog log(long rotateBytes) {
        return new EventLog(root.resolve("events"), rotateBytes, () -> JSON);
    }

    private static Event event(int n, String padding) {
        return new Event(Event.CONTAINER, "start", "id" + n, Map.of("name", "c" + n, "pad", padding), 1_000_000_000L * n + n);
    }

    @Test
    void readsFromTheStartWhatWasAppendedInOrder() throws Exception {
        EventLog log = log(EventLog.ROTATE_BYTES);
        for (int i = 1; i <= 3; i++) {
            log.append(event(i, ""));
        }
        try (EventReader reader = log.reader(true)) {
            assertEquals(List.of(event(1, ""), event(2, ""), event(3, "")), reader.next(Duration.ZERO));
            assertEquals(List.of(), reader.next(Duration.ZERO));
        }
    }

    @Test
    void aReaderFromTheEndSeesOnlyWhatComesLater() throws Exception {
        EventLog log = log(EventLog.ROTATE_BYTES);
        log.append(event(1, ""));
        try (EventReader reader = log.reader(false)) {
            assertEquals(List.of(), reader.next(Duration.ZERO));
            log.append(event(2, ""));
            assertEquals(List.of(event(2, "")), reader.next(Duration.ZERO));
        }
    }

    @Test
    void aWaitingReaderIsWokenByAnotherWriter() throws Exception {
        EventLog log = log(EventLog.ROTATE_BYTES);
        try (EventReader reader = log.reader(false)) {
            assertEquals(List.of(), reader.next(Duration.ZERO));
            CountDownLatch waiting = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                try {
                    waiting.await();
                    log.append(event(7, ""));
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            writer.start();
            waiting.countDown();
            List<Event> got = new ArrayList<>();
            // The writer's record ends a wait (creating the file may end one before it, with nothing to read).
            for (int wakes = 0; got.isEmpty() && wakes < 5; wakes++) {
                got.addAll(reader.next(Duration.ofSeconds(30)));
            }
            writer.join();
            assertEquals(List.of(event(7, "")), got);
        }
    }

    @Test
    void concurrentWritersNeverInterleaveRecords() throws Exception {
        EventLog log = log(Long.MAX_VALUE);
        // Records near the bound: interleaved writes would tear lines that the reader then drops.
        String padding = "x".repeat(EventRecords.MAX_BYTES - 300);
        int writers = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int base = w * each;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    log.append(event(base + i, padding));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        List<String> lines = Files.readAllLines(root.resolve("events/events.log"));
        assertEquals(writers * each, lines.size());
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            Event e = EventRecords.decode(JSON, line).orElseThrow(() -> new AssertionError("torn record: " + line.length()));
            ids.add(e.actorId());
        }
        assertEquals(writers * each, ids.size());
    }

    @Test
    void rotationBoundsTheLogAndKeepsTheNewestRecords() throws Exception {
        long bound = 4096;
        EventLog log = log(bound);
        for (int i = 1; i <= 200; i++) {
            log.append(event(i, ""));
        }
        long size = Files.size(root.resolve("events/events.log")) + Files.size(root.resolve("events/events.log.1"));
        long record = EventRecords.encode(event(200, "")).length;
        assertTrue(size <= 2 * (bound + record), "log size " + size);
        try (EventReader reader = log.reader(true)) {
            List<Event> kept = reader.next(Duration.ZERO);
            assertEquals(event(200, ""), kept.get(kept.size() - 1));
            for (int i = 1; i < kept.size(); i++) {
                assertEquals(Integer.parseInt(kept.get(i - 1).actorId().substring(2)) + 1,
                        Integer.parseInt(kept.get(i).actorId().substring(2)), "no gap, no duplicate");
            }
        }
    }

    @Test
    void aFollowingReaderReadsTheRotatedFileToItsEndFirst() throws Exception {
        long bound = 4096;
        EventLog log = log(bound);
        try (EventReader reader = log.reader(false)) {
            log.append(event(1, ""));
            assertEquals(1, reader.next(Duration.ZERO).size());
            List<Event> appended = new ArrayList<>();
            // Enough to rotate once, not twice: the reader still holds the file that becomes events.log.1.
            for (int i = 2; !Files.exists(root.resolve("events/events.log.1")) || appended.size() < 5; i++) {
                appended.add(event(i, ""));
                log.append(event(i, ""));
            }
            assertEquals(appended, reader.next(Duration.ZERO));
        }
    }

    @Test
    void aRecordIsReadOnlyOnceItsLineIsComplete() throws Exception {
        EventLog log = log(EventLog.ROTATE_BYTES);
        log.append(event(1, ""));
        Path file = root.resolve("events/events.log");
        byte[] record = EventRecords.encode(event(2, ""));
        try (EventReader reader = log.reader(false)) {
            Files.write(file, Arrays.copyOf(record, 40), StandardOpenOption.APPEND);
            assertEquals(List.of(), reader.next(Duration.ZERO));
            Files.write(file, Arrays.copyOfRange(record, 40, record.length), StandardOpenOption.APPEND);
            assertEquals(List.of(event(2, "")), reader.next(Duration.ZERO));
        }
    }

    @Test
    void aLineThatIsNoRecordIsSkipped() throws Exception {
        EventLog log = log(EventLog.ROTATE_BYTES);
        log.append(event(1, ""));
        Files.writeString(root.resolve("events/events.log"), "not json\n{\"Type\":1}\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        log.append(event(2, ""));
        try (EventReader reader = log.reader(true)) {
            assertEquals(List.of(event(1, ""), event(2, "")), reader.next(Duration.ZERO));
        }
    }

    @Test
    void theLogIsRootsOnly() throws Exception {
        log(EventLog.ROTATE_BYTES).append(event(1, ""));
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("events"))));
    }
}
