package io.jocker.engine.cp;

import io.jocker.linux.AtFiles;
import io.jocker.linux.Fds;
import io.jocker.linux.FileStat;
import io.jocker.linux.LinuxException;

/**
 * The source of a copy: held by an O_PATH descriptor, archived under {@code top}.
 *
 * @param fd the descriptor, which this record owns
 * @param top the name of the archive's first entry, which every other entry's name starts with
 * @param stat what the descriptor holds
 */
record Resource(int fd, String top, FileStat stat) implements AutoCloseable {

    /** Takes ownership of {@code fd}. */
    static Resource of(int fd, String top) throws LinuxException {
        try {
            return new Resource(fd, top, AtFiles.stat(fd));
        } catch (LinuxException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    @Override
    public void close() {
        Fds.closeQuietly(fd);
    }
}
