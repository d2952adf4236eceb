package io.jocker.linux;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** lsetxattr(2) and lgetxattr(2): extended attributes of a path, never following a final symlink. */
public final class Xattrs {

    private static final int XATTR_SIZE_MAX = 65536;

    private Xattrs() {}

    /** Sets {@code name} to {@code value}. */
    public static void set(Path path, String name, byte[] value) throws LinuxException {
        int rc = Bindings.lsetxattr(CStrings.of(path.toString()), CStrings.of(name), value, value.length, 0);
        Errno.check(rc, "lsetxattr", path + " " + name);
    }

    /** The value of {@code name}, or empty when the attribute does not exist. */
    public static Optional<byte[]> get(Path path, String name) throws LinuxException {
        byte[] cPath = CStrings.of(path.toString());
        byte[] cName = CStrings.of(name);
        byte[] buffer = new byte[256];
        while (true) {
            long size = Bindings.lgetxattr(cPath, cName, buffer, buffer.length);
            if (size >= 0) {
                return Optional.of(Arrays.copyOf(buffer, (int) size));
            }
            int errno = Errno.last();
            if (errno == Errno.ENODATA) {
                return Optional.empty();
            }
            if (errno != Errno.ERANGE || buffer.length >= XATTR_SIZE_MAX) {
                throw new LinuxException("lgetxattr", path + " " + name, errno);
            }
            buffer = new byte[XATTR_SIZE_MAX];
        }
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

        static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size);
    }
}
