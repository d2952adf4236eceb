package io.jocker.engine.image;

import io.jocker.linux.Inodes;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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

    private static final String ATTRIBUTES = "unix:mode,uid,gid,rdev,ino,dev,nlink,size,lastModifiedTime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;

    private final TarBlocks tar;
    private final Closeable out;
    private final Map<Object, String> hardLinks = new HashMap<>();
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
     * the first path written. Only a regular file's content is read: nothing else is opened.
     */
    public void add(String relativePath, Path file) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) attributes.get("mode");
        int type = mode & S_IFMT;
        if (type == S_IFSOCK) {
            return;
        }
        String first = type != S_IFDIR && (Integer) attributes.get("nlink") > 1
                ? hardLinks.putIfAbsent(new Inode((Long) attributes.get("dev"), (Long) attributes.get("ino")), relativePath)
                : null;
        TarArchiveEntry entry;
        boolean content = false;
        if (first != null) {
            entry = new TarArchiveEntry(relativePath, TarConstants.LF_LINK);
            entry.setLinkName(first);
        } else {
            switch (type) {
                case S_IFDIR -> entry = new TarArchiveEntry(relativePath + "/", TarConstants.LF_DIR);
                case S_IFLNK -> {
                    entry = new TarArchiveEntry(relativePath, TarConstants.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(file).toString());
                }
                case S_IFREG -> {
                    entry = new TarArchiveEntry(relativePath, TarConstants.LF_NORMAL);
                    entry.setSize((Long) attributes.get("size"));
                    content = true;
                }
                case S_IFCHR, S_IFBLK -> {
                    entry = new TarArchiveEntry(relativePath, type == S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                    long rdev = (Long) attributes.get("rdev");
                    entry.setDevMajor((int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)));
                    entry.setDevMinor((int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)));
                }
                case S_IFIFO -> entry = new TarArchiveEntry(relativePath, TarConstants.LF_FIFO);
                default -> {
                    return;
                }
            }
        }
        entry.setMode(mode & 07777);
        entry.setUserId((Integer) attributes.get("uid"));
        entry.setGroupId((Integer) attributes.get("gid"));
        entry.setModTime(seconds((FileTime) attributes.get("lastModifiedTime")));
        tar.header(entry);
        if (content) {
            // A file that changes meanwhile must not corrupt the archive: exactly the header's size
            // is written. One replaced by a FIFO or a device is refused, not opened.
            try (FileChannel channel = Inodes.openRegular(file)) {
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

    private static FileTime seconds(FileTime time) {
        return FileTime.from(time.to(TimeUnit.SECONDS), TimeUnit.SECONDS);
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
