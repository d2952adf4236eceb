package io.jocker.spi;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Persists container records.
 *
 * <p>Implementers must guarantee: {@link #save} is atomic and durable (a reader or a crash sees
 * the old record or the new one, never a mix); {@link #lock} excludes every other holder of the
 * same id in this and every other process until closed, and is released if the process dies;
 * reads need no lock. Callers that read, modify and write a record hold its lock throughout.
 */
public interface StateStore {

    /** The record with this full id, if any. */
    Optional<ContainerRecord> load(String id) throws IOException;

    /** Writes the record atomically, replacing any previous one with the same id. */
    void save(ContainerRecord record) throws IOException;

    /** Deletes the record; absent is not an error. */
    void delete(String id) throws IOException;

    /** Every record, in no particular order. Records that cannot be read are skipped. */
    List<ContainerRecord> list() throws IOException;

    /** Blocks until this process holds the exclusive lock of {@code id}. */
    Lock lock(String id) throws IOException;

    /** A held lock; closing releases it. */
    interface Lock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }
}
