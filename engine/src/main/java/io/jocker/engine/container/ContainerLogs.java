package io.jocker.engine.container;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.logs.LogEntry;
import io.jocker.engine.logs.LogPipes;
import io.jocker.engine.logs.LogReader;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code logs}: a container's captured output, optionally followed until the container exits. */
public final class ContainerLogs {

    private static final long FOLLOW_POLL_MILLIS = 100;

    private final ContainerLookup lookup;
    private final ContainerService containers;

    @Inject
    public ContainerLogs(ContainerLookup lookup, ContainerService containers) {
        this.lookup = lookup;
        this.containers = containers;
    }

    /**
     * @param follow keep reading until the container no longer runs
     * @param tail only the last this many entries, or -1 for all
     * @param since only entries from this time on, or null
     */
    public record Options(boolean follow, int tail, Instant since) {}

    /** Receives the entries in order. */
    @FunctionalInterface
    public interface Sink {
        void accept(LogEntry entry) throws IOException;
    }

    public void stream(String reference, Options options, Sink sink) {
        String id = lookup.find(reference).id();
        Path file = LogPipes.logFile(containers.directory(id));
        try {
            LogReader.Chunk first = LogReader.read(file, 0);
            for (LogEntry e : tail(filter(first.entries(), options), options.tail())) {
                sink.accept(e);
            }
            long offset = first.nextOffset();
            while (options.follow()) {
                boolean running = isRunning(id);
                LogReader.Chunk next = LogReader.read(file, offset);
                for (LogEntry e : filter(next.entries(), options)) {
                    sink.accept(e);
                }
                offset = next.nextOffset();
                if (!running) {
                    return;
                }
                Thread.sleep(FOLLOW_POLL_MILLIS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the logs of " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while following the logs of " + id, e);
        }
    }

    /** The exit is recorded only after the supervisor wrote the last output, so nothing is missed. */
    private boolean isRunning(String id) {
        Optional<ContainerRecord> record = containers.refresh(id);
        return record.isPresent() && (record.get().state().status() == Status.RUNNING
                || record.get().state().status() == Status.PAUSED || record.get().state().status() == Status.RESTARTING);
    }

    private static List<LogEntry> filter(List<LogEntry> entries, Options options) {
        if (options.since() == null) {
            return entries;
        }
        return entries.stream().filter(e -> !e.time().isBefore(options.since())).toList();
    }

    private static List<LogEntry> tail(List<LogEntry> entries, int count) {
        if (count < 0 || count >= entries.size()) {
            return entries;
        }
        return entries.subList(entries.size() - count, entries.size());
    }
}
