package io.jocker.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What statx(2) says about one inode.
 *
 * @param mode file type and permission bits ({@code st_mode})
 * @param uid owner
 * @param gid group
 * @param size bytes (a symbolic link's: the length of its target)
 * @param nlink hard links
 * @param ino inode number
 * @param dev the device that holds it (major and minor, glibc's encoding)
 * @param rdevMajor a device file's major number
 * @param rdevMinor a device file's minor number
 * @param mtimeSeconds modification time, seconds since the epoch
 * @param mtimeNanos modification time, nanoseconds within the second
 */
public record FileStat(int mode, int uid, int gid, long size, long nlink, long ino, long dev, int rdevMajor, int rdevMinor,
        long mtimeSeconds, int mtimeNanos) {

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    /** {@code struct statx} is 256 bytes on every architecture. */
    static final int STATX_SIZE = 256;

    /** Decodes a {@code struct statx} (linux/stat.h). */
    static FileStat decode(byte[] statx) {
        ByteBuffer b = ByteBuffer.wrap(statx).order(ByteOrder.nativeOrder());
        long devMajor = b.getInt(136) & 0xffffffffL;
        long devMinor = b.getInt(140) & 0xffffffffL;
        return new FileStat(b.getShort(28) & 0xffff, b.getInt(20), b.getInt(24), b.getLong(40), b.getInt(16) & 0xffffffffL,
                b.getLong(32), Mounts.makedev((int) devMajor, (int) devMinor), b.getInt(128), b.getInt(132),
                b.getLong(112), b.getInt(120));
    }

    /** The file type bits, one of the {@code S_IF*} constants. */
    public int type() {
        return mode & S_IFMT;
    }

    /** Permission, set-id and sticky bits. */
    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isRegularFile() {
        return type() == S_IFREG;
    }

    public boolean isSymbolicLink() {
        return type() == S_IFLNK;
    }

    /** A character or block device. */
    public boolean isDevice() {
        return type() == S_IFCHR || type() == S_IFBLK;
    }
}
