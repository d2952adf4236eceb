package io.jocker.engine.tree;

import io.jocker.linux.AtFiles;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.FileStat;
import io.jocker.linux.LinuxException;
import io.jocker.linux.RootedDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a tar into a directory the way Docker's {@code cp} does ({@code archive.Unpack} with
 * {@code NoOverwriteDirNonDir}): a directory merges into an existing one, anything else replaces
 * what is in its place except that a directory and a non-directory never replace each other,
 * missing parents are created, modes and times come from the archive, directories' times last.
 *
 * <p>The directory is the root of every name in the archive ({@link RootedDir}): a name's parent
 * is resolved by the kernel inside it, and the entry itself is then created, changed or removed
 * by name relative to that parent's descriptor, never following it; a regular file is written
 * only through the descriptor that created it. A symbolic link in the archive, or one that a
 * running container swaps in meanwhile, can therefore never lead a write outside the directory.
 */
public final class TreeExtractor {

    /** Who owns what is unpacked. */
    public sealed interface Ownership {
        /** The owner the archive records (Docker's cp into a container). */
        record FromArchive() implements Ownership {}

        /** Whoever unpacks (Docker's cp to the local file system). */
        record Unpacker() implements Ownership {}

        /** One owner for everything ({@code cp -a}: the container's user). */
        record Fixed(int uid, int gid) implements Ownership {}
    }

    private final RootedDir root;
    private final String display;
    private final Ownership ownership;
    private final UnaryOperator<String> rename;

    /**
     * Unpacks into {@code root}; {@code display} names it in messages, {@code rename} maps each
     * entry's name (and a hard link's target) before it is unpacked.
     */
    public TreeExtractor(RootedDir root, String display, Ownership ownership, UnaryOperator<String> rename) {
        this.root = root;
        this.display = display;
        this.ownership = ownership;
        this.rename = rename;
    }

    public void extract(InputStream tar) throws IOException {
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        List<Entry> directories = new ArrayList<>();
        for (TarArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
            String name = localName(rename.apply(entry.getName()), entry.getName());
            if (name.equals(".")) {
                continue;
            }
            Entry target = new Entry(name);
            int parent = parent(target.parent());
            try {
                if (clearWay(parent, target, entry)) {
                    create(parent, target, entry, entries);
                }
                finish(parent, target, entry);
                if (entry.isDirectory()) {
                    directories.add(target);
                    target.mtime = entry.getLastModifiedTime();
                }
            } finally {
                Fds.closeQuietly(parent);
            }
        }
        // Writing into a directory changes its mtime, so directories get theirs once all is written.
        for (Entry directory : directories) {
            int parent = root.open(directory.parent(), true);
            try {
                setTimes(parent, directory.base(), directory.mtime, directory.mtime);
            } finally {
                Fds.closeQuietly(parent);
            }
        }
    }

    /** The entry's name relative to the root, cleaned; {@code ..} that would leave it is refused. */
    private static String localName(String name, String original) throws IOException {
        String cleaned = GoPaths.clean(name.replaceFirst("^/+", ""));
        if (cleaned.equals("..") || cleaned.startsWith("../")) {
            throw new IOException("invalid entry name \"" + original + "\"");
        }
        return cleaned;
    }

    /** The entry's parent directory, created with what is missing of it, as Docker creates implied parents. */
    private int parent(String path) throws IOException {
        int fd = root.openCreating(path, false);
        if (!AtFiles.stat(fd).isDirectory()) {
            Fds.closeQuietly(fd);
            throw new LinuxException("open", display + "/" + path, Errno.ENOTDIR);
        }
        return fd;
    }

    /**
     * Removes what is in the entry's place unless both are directories (the entry's metadata then
     * goes to the one there); refuses to put a directory and a non-directory in each other's place.
     * Returns whether the entry must still be created.
     */
    private boolean clearWay(int parent, Entry target, TarArchiveEntry entry) throws IOException {
        FileStat existing;
        try {
            existing = AtFiles.stat(parent, target.base());
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT) {
                return true;
            }
            throw e;
        }
        if (existing.isDirectory() && !entry.isDirectory()) {
            throw new IOException("cannot overwrite directory \"" + target.name + "\" with non-directory \"" + display + "\"");
        }
        if (!existing.isDirectory() && entry.isDirectory()) {
            throw new IOException("cannot overwrite non-directory \"" + target.name + "\" with directory \"" + display + "\"");
        }
        if (existing.isDirectory()) {
            return false;
        }
        AtFiles.unlink(parent, target.base(), false);
        return true;
    }

    private void create(int parent, Entry target, TarArchiveEntry entry, InputStream content) throws IOException {
        String base = target.base();
        int mode = entry.getMode() & 07777;
        if (entry.isDirectory()) {
            AtFiles.mkdir(parent, base, mode & 0777);
        } else if (entry.isSymbolicLink()) {
            AtFiles.symlink(entry.getLinkName(), parent, base);
        } else if (entry.isLink()) {
            link(parent, base, entry);
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            int type = entry.isFIFO() ? FileStat.S_IFIFO : entry.isCharacterDevice() ? FileStat.S_IFCHR : FileStat.S_IFBLK;
            AtFiles.mknod(parent, base, type | (mode & 0777), entry.getDevMajor(), entry.getDevMinor());
        } else if (entry.isFile()) {
            write(parent, base, entry.getSize(), content);
        } else {
            throw new IOException("unhandled tar header type " + (char) entry.getLinkFlag() + " for \"" + entry.getName() + "\"");
        }
    }

    private void link(int parent, String base, TarArchiveEntry entry) throws IOException {
        String target = localName(rename.apply(entry.getLinkName()), entry.getLinkName());
        if (target.equals(".")) {
            throw new IOException("invalid hardlink target \"" + entry.getLinkName() + "\"");
        }
        Entry linked = new Entry(target);
        int targetParent = root.open(linked.parent(), true);
        try {
            AtFiles.link(targetParent, linked.base(), parent, base);
        } finally {
            Fds.closeQuietly(targetParent);
        }
    }

    /** A new regular file, written only through the descriptor that created it. */
    private static void write(int parent, String base, long size, InputStream content) throws IOException {
        int fd = AtFiles.open(parent, base, Fds.O_WRONLY | Fds.O_CREAT | AtFiles.O_EXCL, 0600);
        try (FileChannel file = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.WRITE)) {
            ReadableByteChannel in = Channels.newChannel(content);
            long written = 0;
            while (written < size) {
                long n = file.transferFrom(in, written, size - written);
                if (n <= 0) {
                    throw new IOException("the archive ends inside \"" + base + "\"");
                }
                written += n;
            }
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    /** Owner, then mode (a change of owner clears set-id bits), then times, as Docker orders them. */
    private void finish(int parent, Entry target, TarArchiveEntry entry) throws IOException {
        String base = target.base();
        if (ownership instanceof Ownership.FromArchive) {
            AtFiles.chown(parent, base, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
        } else if (ownership instanceof Ownership.Fixed fixed) {
            AtFiles.chown(parent, base, fixed.uid(), fixed.gid());
        }
        int fd = AtFiles.openPath(parent, base);
        try {
            FileStat stat = AtFiles.stat(fd);
            if (!stat.isSymbolicLink()) {
                AtFiles.chmod(fd, entry.getMode() & 07777);
            }
        } finally {
            Fds.closeQuietly(fd);
        }
        if (!entry.isDirectory()) {
            FileTime accessed = entry.getLastAccessTime();
            FileTime modified = entry.getLastModifiedTime();
            setTimes(parent, base, accessed == null || accessed.compareTo(modified) < 0 ? modified : accessed, modified);
        }
    }

    private static void setTimes(int parent, String base, FileTime accessed, FileTime modified) throws LinuxException {
        long aNanos = accessed.to(TimeUnit.NANOSECONDS);
        long mNanos = modified.to(TimeUnit.NANOSECONDS);
        AtFiles.setTimes(parent, base, Math.floorDiv(aNanos, 1_000_000_000L), (int) Math.floorMod(aNanos, 1_000_000_000L),
                Math.floorDiv(mNanos, 1_000_000_000L), (int) Math.floorMod(mNanos, 1_000_000_000L));
    }

    /** An entry's cleaned name inside the root. */
    private static final class Entry {
        final String name;
        FileTime mtime;

        Entry(String name) {
            this.name = name;
        }

        String parent() {
            int slash = name.lastIndexOf('/');
            return slash < 0 ? "." : name.substring(0, slash);
        }

        String base() {
            return name.substring(name.lastIndexOf('/') + 1);
        }
    }
}
