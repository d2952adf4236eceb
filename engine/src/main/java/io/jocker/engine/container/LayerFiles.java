package io.jocker.engine.container;

import io.jocker.linux.AtFiles;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Openat2;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The files a storage driver reports in a container's writable layer, reached again by
 * descriptor: a running container rearranges that layer while commit reads it, and a directory
 * swapped for a symbolic link between the driver's look and commit's read would otherwise lead
 * commit to a host file. Each entry's directory is opened beneath the layer with no symbolic link
 * allowed on the way, and the entry is named in it through that descriptor.
 */
final class LayerFiles implements AutoCloseable {

    private static final long BENEATH_NO_LINKS = Openat2.RESOLVE_BENEATH | Openat2.RESOLVE_NO_SYMLINKS;

    /** Acts on a path valid during the call only. */
    @FunctionalInterface
    interface Action {
        void on(Path file) throws IOException;
    }

    private int layer = -1;

    /**
     * Runs {@code action} on {@code /proc/self/fd/DIR/NAME} for the entry {@code relativePath},
     * which the driver found at {@code file}; returns false, doing nothing, when the entry's
     * directory is gone or is no longer a directory of the layer.
     */
    boolean on(String relativePath, Path file, Action action) throws IOException {
        Path relative = Path.of(relativePath);
        if (layer < 0) {
            Path root = file;
            for (int i = 0; i < relative.getNameCount(); i++) {
                root = root.getParent();
            }
            layer = Fds.open(root.toString(), Fds.O_PATH | AtFiles.O_DIRECTORY | Fds.O_CLOEXEC);
        }
        Path parent = relative.getParent();
        int dir;
        try {
            dir = Openat2.open(layer, parent == null ? "." : parent.toString(), Fds.O_PATH | AtFiles.O_DIRECTORY, 0,
                    BENEATH_NO_LINKS);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) {
                return false;
            }
            throw e;
        }
        try {
            action.on(Path.of("/proc/self/fd/" + dir, relative.getFileName().toString()));
            return true;
        } finally {
            Fds.closeQuietly(dir);
        }
    }

    @Override
    public void close() {
        Fds.closeQuietly(layer);
    }
}
