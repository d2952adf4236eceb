package io.jocker.linux;

import io.jocker.spi.KernelOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** {@link KernelOps} on the running Linux kernel, through the libc bindings of {@code io.jocker.linux}. */
public final class LinuxKernelOps implements KernelOps {

    @Override
    public void mount(String source, Path target, String fsType, long flags, String data) throws IOException {
        Mounts.mount(source, target, fsType, flags, data);
    }

    @Override
    public void unmount(Path target, boolean detach) throws IOException {
        Mounts.unmount(target, detach ? Mounts.MNT_DETACH : 0);
    }

    @Override
    public boolean isMountPoint(Path path) throws IOException {
        return MountInfo.isMountPoint(path);
    }

    @Override
    public void makeCharDevice(Path path, int major, int minor, int mode) throws IOException {
        Mounts.makeCharDevice(path, major, minor, mode);
    }

    @Override
    public void makeBlockDevice(Path path, int major, int minor, int mode) throws IOException {
        Mounts.makeBlockDevice(path, major, minor, mode);
    }

    @Override
    public void makeFifo(Path path, int mode) throws IOException {
        Mounts.makeFifo(path, mode);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) throws IOException {
        Xattrs.set(path, name, value);
    }

    @Override
    public Optional<byte[]> getXattr(Path path, String name) throws IOException {
        return Xattrs.get(path, name);
    }
}
