package io.jocker.images.tar;

import io.jocker.linux.AtFiles;
import io.jocker.linux.Fds;
import io.jocker.linux.FileStat;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes files as a layer tar the way Docker does: PAX headers for long names and big numbers,
 * times in whole seconds, no padding beyond the two end blocks (so an empty layer is Docker's
 * 1024-byte empty tar), hard links for files seen twice, OCI whiteout entries for deletions.
 * Nothing is followed: symbolic links are stored as links. Written to a channel, file content is
 * copied by the kernel.
 */
public final class LayerTarWriter implements AutoCloseable {

    /** The sha256 of a tar with no entries (two zero blocks), which Docker treats as no layer. */
    public static final String EMPTY_TAR_DIGEST = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

    private static final int AT_FDCWD = -100;

    private final TarBlocks tar;
    private final Closeable out;
    private final Map<Inode, String> hardLinks = new HashMap<>();
    private boolean finished;

    /** Everything passes through {@code out}, for a caller that hashes it (commit). */
    public LayerTarWriter(OutputStream out) {
        this.tar = TarBlocks.to(out);
        this.out = out;
    }

    /** File content goes to {@code out} without passing through the JVM (export). */
    public LayerTarWriter(WritableByteChannel out) {
        this.tar = TarBlocks.to(out);
        this.out = out;
    }

    /**
     * Adds {@code file} under {@code relativePath}. Sockets are skipped as Docker skips them; a
     * file other than a directory with more than one link becomes, as in Docker, a hard link to
     * the first path written. Only a regular file's content is read: nothing else is opened. The
     * entry is held by one descriptor of {@code file} itself (never followed), so its type, link
     * target and content all come from one inode, even if a running container swaps the name
     * meanwhile.
     */
    public void add(String relativePath, Path file) throws IOException {
        int fd = AtFiles.openPath(AT_FDCWD, file.toString());
        try {
            add(relativePath, fd);
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    private void add(String relativePath, int fd) throws IOException {
        FileStat stat = AtFiles.stat(fd);
        int type = stat.type();
        if (type == FileStat.S_IFSOCK) {
            return;
        }
        String first = type != FileStat.S_IFDIR && stat.nlink() > 1
                ? hardLinks.putIfAbsent(new Inode(stat.dev(), stat.ino()), relativePath)
                : null;
        TarArchiveEntry entry;
        boolean content = false;
        if (first != null) {
            entry = new TarArchiveEntry(relativePath, TarConstants.LF_LINK);
            entry.setLinkName(first);
        } else {
            switch (type) {
                case FileStat.S_IFDIR -> entry = new TarArchiveEntry(relativePath + "/", TarConstants.LF_DIR);
                case FileStat.S_IFLNK -> {
                    entry = new TarArchiveEntry(relativePath, TarConstants.LF_SYMLINK);
                    entry.setLinkName(AtFiles.readLink(fd));
                }
                case FileStat.S_IFREG -> {
                    entry = new TarArchiveEntry(relativePath, TarConstants.LF_NORMAL);
                    entry.setSize(stat.size());
                    content = true;
                }
                case FileStat.S_IFCHR, FileStat.S_IFBLK -> {
                    entry = new TarArchiveEntry(relativePath, type == FileStat.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                    entry.setDevMajor(stat.rdevMajor());
                    entry.setDevMinor(stat.rdevMinor());
                }
                case FileStat.S_IFIFO -> entry = new TarArchiveEntry(relativePath, TarConstants.LF_FIFO);
                default -> {
                    return;
                }
            }
        }
        entry.setMode(stat.permissions());
        entry.setUserId(stat.uid());
        entry.setGroupId(stat.gid());
        entry.setModTime(FileTime.from(stat.mtimeSeconds(), TimeUnit.SECONDS));
        tar.header(entry);
        if (content) {
            // A file that changes meanwhile must not corrupt the archive: exactly the header's size
            // is written. The descriptor's /proc entry reopens the very inode checked to be a regular file.
            try (FileChannel channel = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ)) {
                tar.content(channel, entry.getSize());
            }
        }
    }

    /** The OCI whiteout for a deleted path: an empty file {@code .wh.<name>} beside it. */
    public void addWhiteout(String relativePath) throws IOException {
        int slash = relativePath.lastIndexOf('/');
        emptyFile(relativePath.substring(0, slash + 1) + ".wh." + relativePath.substring(slash + 1));
    }

    /** The OCI marker that a directory hides everything of the same directory in lower layers. */
    public void addOpaque(String relativeDir) throws IOException {
        emptyFile(relativeDir + "/.wh..wh..opq");
    }

    private void emptyFile(String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setMode(0644);
        entry.setModTime(FileTime.fromMillis(0));
        tar.header(entry);
    }

    /** Writes the end-of-archive blocks; the underlying stream stays open. */
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            tar.finish();
        }
    }

    /** Finishes the archive if that has not been done, and closes the underlying stream or channel. */
    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    private record Inode(long dev, long ino) {}
}
