package io.jocker.images;

import io.jocker.spi.KernelOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** For child processes of tests whose tars need no kernel operation: every call fails loudly. */
final class RefusingKernelOps implements KernelOps {

    @Override
    public void mount(String source, Path target, String fsType, long flags, String data) throws IOException {
        throw refused("mount");
    }

    @Override
    public void unmount(Path target, boolean detach) throws IOException {
        throw refused("unmount");
    }

    @Override
    public boolean isMountPoint(Path path) throws IOException {
        throw refused("isMountPoint");
    }

    @Override
    public void makeCharDevice(Path path, int major, int minor, int mode) throws IOException {
        throw refused("makeCharDevice");
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) throws IOException {
        throw refused("setXattr");
    }

    @Override
    public Optional<byte[]> getXattr(Path path, String name) throws IOException {
        throw refused("getXattr");
    }

    private static IOException refused(String operation) {
        return new IOException(operation + " was not expected in this test");
    }
}
