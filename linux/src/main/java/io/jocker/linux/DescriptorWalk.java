package io.jocker.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Walks a directory tree that another process may be rearranging (a running container's upper
 * layer or root) in sorted pre-order, by descriptor: each directory is listed through the
 * descriptor held on it and entered by name with O_NOFOLLOW, so a directory swapped for a symbolic
 * link meanwhile is never followed out of the tree.
 */
public final class DescriptorWalk {

    /** Receives each entry while its directory is held. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * {@code file} is {@code /proc/self/fd/DIR/NAME}: the entry's name looked up in the
         * directory held by descriptor, valid during this call only; act on it without following
         * its last component. Returns whether to descend into it, when it is a directory.
         */
        boolean visit(String relativePath, Path file, FileStat stat) throws IOException;
    }

    private DescriptorWalk() {}

    /** Walks everything beneath {@code root} (not the root itself). */
    public static void walk(Path root, Visitor visitor) throws IOException {
        int fd = Fds.open(root.toString(), Fds.O_PATH | AtFiles.O_DIRECTORY | Fds.O_CLOEXEC);
        try {
            walk(fd, "", visitor);
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    private static void walk(int dir, String prefix, Visitor visitor) throws IOException {
        List<String> names = AtFiles.list(dir);
        names.sort(null);
        Path held = Path.of("/proc/self/fd/" + dir);
        for (String name : names) {
            FileStat stat;
            try {
                stat = AtFiles.stat(dir, name);
            } catch (LinuxException e) {
                if (e.errno() == Errno.ENOENT) {
                    continue; // Removed since the listing.
                }
                throw e;
            }
            String relative = prefix + name;
            if (!visitor.visit(relative, held.resolve(name), stat) || !stat.isDirectory()) {
                continue;
            }
            int child;
            try {
                child = AtFiles.open(dir, name, Fds.O_PATH | AtFiles.O_DIRECTORY, 0);
            } catch (LinuxException e) {
                if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) {
                    continue; // Removed, or swapped for something else, since it was visited.
                }
                throw e;
            }
            try {
                walk(child, relative + "/", visitor);
            } finally {
                Fds.closeQuietly(child);
            }
        }
    }
}
