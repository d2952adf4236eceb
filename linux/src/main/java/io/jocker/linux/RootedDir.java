package io.jocker.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A directory held by descriptor and taken as the root of every path resolved in it, as a
 * process chroot'ed into it would resolve them: the kernel's {@code RESOLVE_IN_ROOT} keeps
 * {@code ..} and every symbolic link, absolute or relative, inside it, and refuses /proc's magic
 * links. A path string given here is only ever a path inside this root.
 */
public final class RootedDir implements AutoCloseable {

    private static final int MAX_LINKS = 255;
    /** Docker's mode for directories (and mount-point files) that it creates on the way. */
    private static final int CREATED_MODE = 0755;

    private final int fd;

    /** Takes ownership of {@code fd}, a directory descriptor (O_PATH will do). */
    public RootedDir(int fd) {
        this.fd = fd;
    }

    /**
     * The host directory {@code dir} as a root: a container's mounted root file system, or
     * {@code /proc/PID/root} of a running container, whose magic link is followed this once.
     */
    public static RootedDir of(Path dir) throws LinuxException {
        return new RootedDir(Fds.open(dir.toString(), Fds.O_PATH | AtFiles.O_DIRECTORY | Fds.O_CLOEXEC));
    }

    public int fd() {
        return fd;
    }

    /**
     * An O_PATH descriptor of {@code path}: its last component followed only when
     * {@code followLast} (a trailing {@code /} always follows it, as in any lookup).
     */
    public int open(String path, boolean followLast) throws LinuxException {
        return Openat2.open(fd, relative(path), Fds.O_PATH | (followLast ? 0 : AtFiles.O_NOFOLLOW), 0, Openat2.IN_ROOT);
    }

    /**
     * An O_PATH descriptor of {@code path} (its last component followed), with whatever is missing
     * of it created one component at a time: directories, and when {@code file} the last component
     * an empty regular file; Docker's {@code MkdirAll}, where a dangling link leads to what is
     * created. Each component is created by name in the directory the kernel resolved inside the
     * root, so nothing is created outside it.
     */
    public int openCreating(String path, boolean file) throws LinuxException {
        try {
            return open(path, true);
        } catch (LinuxException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
        // Dangling links on the way are followed inside the root: what is created is where they lead.
        String[] parts = resolve(path).substring(1).split("/");
        int current = open("/", true);
        String walked = "";
        for (int i = 0; i < parts.length; i++) {
            walked += "/" + parts[i];
            int next;
            try {
                next = open(walked, true);
            } catch (LinuxException e) {
                if (e.errno() != Errno.ENOENT) {
                    Fds.closeQuietly(current);
                    throw e;
                }
                try {
                    if (file && i == parts.length - 1) {
                        Fds.closeQuietly(AtFiles.open(current, parts[i], Fds.O_WRONLY | Fds.O_CREAT, CREATED_MODE));
                    } else {
                        AtFiles.mkdir(current, parts[i], CREATED_MODE);
                    }
                    next = AtFiles.openPath(current, parts[i]);
                } finally {
                    Fds.closeQuietly(current);
                }
                current = next;
                continue;
            }
            Fds.closeQuietly(current);
            current = next;
        }
        return current;
    }

    /** The lines of the regular file {@code path}, read through its descriptor; none when it is missing or no regular file. */
    public List<String> readLines(String path) throws IOException {
        int file;
        try {
            file = open(path, true);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                return List.of();
            }
            throw e;
        }
        try {
            // The descriptor's /proc entry reopens the very inode checked to be a regular file.
            return AtFiles.stat(file).isRegularFile() ? Files.readAllLines(Path.of("/proc/self/fd/" + file)) : List.of();
        } finally {
            Fds.closeQuietly(file);
        }
    }

    /** What {@code path} names, its last component not followed (Docker's {@code Lstat} in the container). */
    public FileStat lstat(String path) throws LinuxException {
        int file = open(path, false);
        try {
            return AtFiles.stat(file);
        } finally {
            Fds.closeQuietly(file);
        }
    }

    /**
     * {@code path} with every symbolic link in it resolved inside this root, the last one too, as
     * an absolute path in the root: Docker's {@code FollowSymlinkInScope}. What does not exist is
     * kept as written. Each step reads the link that the kernel found inside the root; the result
     * names a place, it grants nothing: whoever uses it resolves it in this root again.
     */
    public String resolve(String path) throws LinuxException {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, path);
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                resolved.pollLast();
                continue;
            }
            String candidate = "/" + String.join("/", resolved) + (resolved.isEmpty() ? "" : "/") + part;
            int file;
            try {
                file = open(candidate, false);
            } catch (LinuxException e) {
                if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENOTDIR) {
                    throw e;
                }
                resolved.addLast(part);
                continue;
            }
            try {
                if (AtFiles.stat(file).isSymbolicLink()) {
                    if (++links > MAX_LINKS) {
                        throw new LinuxException("resolve", path, Errno.ELOOP);
                    }
                    String target = AtFiles.readLink(file);
                    if (target.startsWith("/")) {
                        resolved.clear();
                    }
                    push(pending, target);
                } else {
                    resolved.addLast(part);
                }
            } finally {
                Fds.closeQuietly(file);
            }
        }
        return "/" + String.join("/", resolved);
    }

    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }

    /** openat2 resolves "/" to the root in RESOLVE_IN_ROOT mode; an empty path is "." */
    private static String relative(String path) {
        return path.isEmpty() ? "." : path;
    }

    @Override
    public void close() {
        Fds.closeQuietly(fd);
    }
}
