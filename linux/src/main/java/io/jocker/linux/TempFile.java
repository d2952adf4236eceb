package io.jocker.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file being written that must not outlive a process killed half-way: created without a name
 * (open(2) with O_TMPFILE), so that the kernel frees it whenever its process dies, and named only
 * when complete ({@link #moveTo}). While open it is reached through {@link #path()}, its {@code
 * /proc/self/fd} link, by this process only. On a file system without unnamed files it is a hidden
 * file named after its process ({@code .tmp-PID-RANDOM}), which {@link #removeAbandoned} deletes
 * once that process is gone.
 */
public final class TempFile implements AutoCloseable {

    private static final Pattern NAMED = Pattern.compile("\\.tmp-([0-9]+)-[0-9a-f]{16}");

    private final int fd;
    private final Path named;

    private TempFile(int fd, Path named) {
        this.fd = fd;
        this.named = named;
    }

    /** A new empty file on the file system of {@code dir}, with {@code mode} (before the umask) once named. */
    public static TempFile in(Path dir, int mode) throws IOException {
        try {
            return new TempFile(Fds.open(dir.toString(), Fds.O_TMPFILE | Fds.O_RDWR | Fds.O_CLOEXEC, mode), null);
        } catch (LinuxException e) {
            if (e.errno() != Errno.EOPNOTSUPP && e.errno() != Errno.EISDIR) {
                throw e;
            }
        }
        Path file = dir.resolve(hiddenName());
        int fd = Fds.open(file.toString(), Fds.O_CREAT | Fds.O_EXCL | Fds.O_RDWR | Fds.O_CLOEXEC, mode);
        return new TempFile(fd, file);
    }

    private static String hiddenName() {
        return ".tmp-" + ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** Where this process reads and writes the file while it is open. */
    public Path path() {
        return named != null ? named : Path.of("/proc/self/fd", Integer.toString(fd));
    }

    /**
     * Gives the file the name {@code target} (in the directory it was created in), replacing any
     * file there atomically: a reader sees the old file or the whole new one. Replacing links the
     * file under a hidden name first and renames that over {@code target}; only a process killed
     * between those two calls leaves that name behind.
     */
    public void moveTo(Path target) throws IOException {
        if (named != null) {
            Files.move(named, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try {
            Fds.linkFollowing(path().toString(), target.toString());
            return;
        } catch (LinuxException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
        }
        Path hidden = target.resolveSibling(hiddenName());
        Fds.linkFollowing(path().toString(), hidden.toString());
        try {
            Files.move(hidden, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(hidden);
        }
    }

    /** Closes the file; one that was not moved is gone with it. */
    @Override
    public void close() throws IOException {
        Fds.closeQuietly(fd);
        if (named != null) {
            Files.deleteIfExists(named);
        }
    }

    /** Deletes the hidden files in {@code dir} whose processes are gone. */
    public static void removeAbandoned(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".tmp-*")) {
            for (Path file : files) {
                Matcher name = NAMED.matcher(file.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
