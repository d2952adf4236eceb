package io.jocker.engine.host;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import io.jocker.spi.KernelOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@link KernelOps} on the running Linux kernel through libc. */
public final class LinuxKernelOps implements KernelOps {

    private static final int MNT_DETACH = 2;
    private static final int S_IFCHR = 0020000;
    private static final int ENODATA = 61;

    static {
        Native.register(LinuxKernelOps.class, "c");
    }

    private static native int mount(String source, String target, String type, long flags, String data) throws LastErrorException;

    private static native int umount2(String target, int flags) throws LastErrorException;

    private static native int mknod(String path, int mode, long dev) throws LastErrorException;

    private static native int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    private static native long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

    @Override
    public void mount(String source, Path target, String fsType, long flags, String data) throws IOException {
        try {
            mount(source, target.toString(), fsType, flags, data);
        } catch (LastErrorException e) {
            throw failure("mount " + fsType + " on", target, e);
        }
    }

    @Override
    public void unmount(Path target, boolean detach) throws IOException {
        try {
            umount2(target.toString(), detach ? MNT_DETACH : 0);
        } catch (LastErrorException e) {
            throw failure("unmount", target, e);
        }
    }

    @Override
    public boolean isMountPoint(Path path) throws IOException {
        String wanted = path.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ", 6);
            if (fields.length > 4 && MountInfo.unescape(fields[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void makeCharDevice(Path path, int major, int minor, int mode) throws IOException {
        long dev = ((long) major << 8) | minor;
        try {
            mknod(path.toString(), S_IFCHR | mode, dev);
        } catch (LastErrorException e) {
            throw failure("mknod", path, e);
        }
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) throws IOException {
        try {
            lsetxattr(path.toString(), name, value, value.length, 0);
        } catch (LastErrorException e) {
            throw failure("setxattr " + name + " on", path, e);
        }
    }

    @Override
    public Optional<byte[]> getXattr(Path path, String name) throws IOException {
        byte[] buffer = new byte[256];
        try {
            long size = lgetxattr(path.toString(), name, buffer, buffer.length);
            return Optional.of(java.util.Arrays.copyOf(buffer, (int) size));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENODATA) {
                return Optional.empty();
            }
            throw failure("getxattr " + name + " of", path, e);
        }
    }

    private static IOException failure(String what, Path path, LastErrorException e) {
        return new IOException(what + " " + path + ": " + e.getMessage());
    }
}
