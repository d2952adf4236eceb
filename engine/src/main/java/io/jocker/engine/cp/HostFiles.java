package io.jocker.engine.cp;

import io.jocker.engine.tree.GoPaths;
import io.jocker.linux.AtFiles;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.FileStat;
import io.jocker.linux.LinuxException;
import io.jocker.linux.RootedDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The local side of {@code cp}, as Docker's client handles it: paths on the host are the user's
 * own, so they are resolved as the host resolves them; what is unpacked there is unpacked into a
 * directory held by descriptor ({@link RootedDir}), so that nothing in the copy (nor a container
 * writing into a bind-mounted directory meanwhile) can lead outside it.
 */
final class HostFiles {

    private static final int MAX_DESTINATION_LINKS = 10;

    private HostFiles() {}

    /** Docker's {@code ValidateOutputPath}: the parent exists; what exists is a directory or a regular file. */
    static void validateOutputPath(String path) {
        Path dir = Path.of(CopyPaths.dir(GoPaths.clean(path)));
        if (!dir.toString().equals(".") && !Files.exists(dir)) {
            throw new CopyException("invalid output path: directory \"" + dir + "\" does not exist");
        }
        Path target = Path.of(path);
        if (Files.exists(target) && !Files.isDirectory(target) && !Files.isRegularFile(target) && isDevice(target)) {
            throw new CopyException("invalid output path: \"" + path + "\" must be a directory or a regular file: got a device");
        }
    }

    private static boolean isDevice(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & FileStat.S_IFMT;
            return type == FileStat.S_IFCHR || type == FileStat.S_IFBLK;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Docker's {@code CopyInfoDestinationPath}: what {@code path} is, a final symbolic link followed
     * (a dangling one names what the copy creates); the parent of what does not exist must be a
     * directory.
     */
    static Placement.Destination destination(String path) throws IOException {
        String current = path;
        for (int links = 0; ; links++) {
            BasicFileAttributes attributes = attributes(Path.of(current));
            if (attributes == null) {
                String parent = CopyPaths.splitPathDirEntry(current)[0];
                BasicFileAttributes parentAttributes;
                try {
                    parentAttributes = Files.readAttributes(Path.of(parent), BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    throw new CopyException("stat " + parent + ": no such file or directory", e);
                }
                if (!parentAttributes.isDirectory()) {
                    throw new CopyException("not a directory");
                }
                return new Placement.Destination(current, false, false);
            }
            if (!attributes.isSymbolicLink()) {
                return new Placement.Destination(current, true, attributes.isDirectory());
            }
            if (links >= MAX_DESTINATION_LINKS) {
                throw new CopyException("too many symlinks in " + path);
            }
            String target = Files.readSymbolicLink(Path.of(current)).toString();
            current = target.startsWith("/") ? target : CopyPaths.join(CopyPaths.splitPathDirEntry(current)[0], target);
        }
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The source of a copy into a container, Docker's {@code CopyInfoSourcePath}: links on the way
     * are followed, the last component only with {@code followLink} or a trailing {@code /}; named
     * in the archive as the user named it ({@code .} for a directory's content).
     */
    static Resource source(String path, boolean followLink) throws IOException {
        boolean follow = followLink || CopyPaths.assertsDirectory(path);
        int fd;
        try {
            fd = Fds.open(path, Fds.O_PATH | (follow ? 0 : AtFiles.O_NOFOLLOW) | Fds.O_CLOEXEC);
        } catch (LinuxException e) {
            throw new CopyException("lstat " + GoPaths.clean(path) + ": " + describe(e), e);
        }
        return Resource.of(fd, CopyPaths.specifiesCurrentDir(path) ? "." : CopyPaths.base(path));
    }

    /** The directory an archive is unpacked into, as the root of every name in it. */
    static RootedDir directory(String path) throws IOException {
        try {
            return new RootedDir(Fds.open(path, Fds.O_PATH | AtFiles.O_DIRECTORY | Fds.O_CLOEXEC));
        } catch (LinuxException e) {
            throw new CopyException("open " + path + ": " + describe(e), e);
        }
    }

    /** Go's wording of an errno, as its {@code os} errors print it. */
    static String describe(LinuxException e) {
        return switch (e.errno()) {
            case Errno.ENOENT -> "no such file or directory";
            case Errno.ENOTDIR -> "not a directory";
            case Errno.EACCES -> "permission denied";
            case Errno.ELOOP -> "too many levels of symbolic links";
            default -> Errno.describe(e.errno()).toLowerCase(java.util.Locale.ROOT);
        };
    }
}
