package io.jocker.engine.tree;

import io.jocker.images.tar.TarBlocks;
import io.jocker.linux.AtFiles;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.FileStat;
import io.jocker.linux.LinuxException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a file or a directory tree as a tar, the way Docker's {@code cp} archives one: PAX
 * headers, times in whole seconds, directories named with a trailing {@code /}, hard links to
 * the first name of a file seen twice, sockets left out. The walk goes by descriptor: each entry
 * is opened without following it ({@code O_PATH|O_NOFOLLOW}) and described from that descriptor,
 * a directory's children are listed through its own descriptor, and only a regular file is ever
 * opened for reading, so a FIFO or a device is archived as what it is without being opened, and
 * a name swapped for a symbolic link meanwhile is archived as that link, never followed.
 */
public final class TreeArchiver {

    private final TarBlocks tar;
    private final Map<Inode, String> firstNames = new HashMap<>();

    public TreeArchiver(TarBlocks tar) {
        this.tar = tar;
    }

    /**
     * Archives what {@code fd} (an O_PATH descriptor) holds under the name {@code top}, with
     * everything beneath it if it is a directory.
     */
    public void add(int fd, String top) throws IOException {
        FileStat stat = AtFiles.stat(fd);
        entry(fd, stat, top);
        if (stat.isDirectory()) {
            children(fd, top);
        }
    }

    /** The two zero blocks that end the archive. */
    public void finish() throws IOException {
        tar.finish();
    }

    private void children(int dir, String name) throws IOException {
        List<String> names = AtFiles.list(dir);
        names.sort(null);
        for (String child : names) {
            int fd;
            try {
                fd = AtFiles.openPath(dir, child);
            } catch (LinuxException e) {
                if (e.errno() == Errno.ENOENT) {
                    continue; // Removed since the listing, as a running container may do.
                }
                throw e;
            }
            try {
                add(fd, name + "/" + child);
            } finally {
                Fds.closeQuietly(fd);
            }
        }
    }

    private void entry(int fd, FileStat stat, String name) throws IOException {
        TarArchiveEntry entry;
        boolean content = false;
        String first = !stat.isDirectory() && stat.nlink() > 1 ? firstNames.putIfAbsent(new Inode(stat.dev(), stat.ino()), name) : null;
        if (first != null) {
            entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
            entry.setLinkName(first);
        } else {
            switch (stat.type()) {
                case FileStat.S_IFDIR -> entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
                case FileStat.S_IFLNK -> {
                    entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    entry.setLinkName(AtFiles.readLink(fd));
                }
                case FileStat.S_IFREG -> {
                    entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                    entry.setSize(stat.size());
                    content = true;
                }
                case FileStat.S_IFCHR, FileStat.S_IFBLK -> {
                    entry = new TarArchiveEntry(name, stat.type() == FileStat.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                    entry.setDevMajor(stat.rdevMajor());
                    entry.setDevMinor(stat.rdevMinor());
                }
                case FileStat.S_IFIFO -> entry = new TarArchiveEntry(name, TarConstants.LF_FIFO);
                default -> {
                    return; // A socket: Go's tar cannot write one, Docker leaves it out.
                }
            }
        }
        entry.setMode(stat.permissions());
        entry.setUserId(stat.uid());
        entry.setGroupId(stat.gid());
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(FileTime.fromMillis(stat.mtimeSeconds() * 1000));
        tar.header(entry);
        if (content) {
            // The descriptor's /proc entry reopens the very inode described above: a regular file.
            try (FileChannel file = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ)) {
                tar.content(file, entry.getSize());
            }
        }
    }

    private record Inode(long dev, long ino) {}
}
