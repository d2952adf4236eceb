package io.jocker.testing;

import io.jocker.spi.KernelOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link KernelOps} that performs nothing and records every call, for contract tests of drivers
 * whose file system the kernel lacks (aufs). It keeps just enough state to behave like the kernel
 * at the API: a target is a mount point between its mount and its unmount, unmounting something
 * not mounted fails, xattrs read back what was written.
 */
public final class RecordingKernelOps implements KernelOps {

    /** One recorded call: the operation name and its arguments rendered as strings. */
    public record Call(String operation, List<String> arguments) {

        public Call {
            arguments = List.copyOf(arguments);
        }

        @Override
        public String toString() {
            return operation + arguments;
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private final Set<Path> mounted = new LinkedHashSet<>();
    private final Map<Path, Map<String, byte[]>> xattrs = new HashMap<>();

    @Override
    public synchronized void mount(String source, Path target, String fsType, long flags, String data)
            throws IOException {
        calls.add(new Call("mount", List.of(source, target.toString(), fsType, Long.toString(flags), data)));
        Path key = normalize(target);
        if ((flags & MS_REMOUNT) != 0) {
            if (!mounted.contains(key)) {
                throw new IOException("mount " + target + ": remount of a path that is not mounted: Invalid argument");
            }
            return;
        }
        mounted.add(key);
    }

    @Override
    public synchronized void unmount(Path target, boolean detach) throws IOException {
        calls.add(new Call("unmount", List.of(target.toString(), Boolean.toString(detach))));
        if (!mounted.remove(normalize(target))) {
            throw new IOException("umount2 " + target + ": Invalid argument (not mounted)");
        }
    }

    @Override
    public synchronized boolean isMountPoint(Path path) {
        return mounted.contains(normalize(path));
    }

    @Override
    public synchronized void makeCharDevice(Path path, int major, int minor, int mode) {
        calls.add(new Call("makeCharDevice",
                List.of(path.toString(), Integer.toString(major), Integer.toString(minor), Integer.toOctalString(mode))));
    }

    @Override
    public synchronized void makeBlockDevice(Path path, int major, int minor, int mode) {
        calls.add(new Call("makeBlockDevice",
                List.of(path.toString(), Integer.toString(major), Integer.toString(minor), Integer.toOctalString(mode))));
    }

    @Override
    public synchronized void makeFifo(Path path, int mode) {
        calls.add(new Call("makeFifo", List.of(path.toString(), Integer.toOctalString(mode))));
    }

    @Override
    public synchronized void setXattr(Path path, String name, byte[] value) {
        calls.add(new Call("setXattr", List.of(path.toString(), name, new String(value))));
        xattrs.computeIfAbsent(normalize(path), p -> new HashMap<>()).put(name, value.clone());
    }

    @Override
    public synchronized Optional<byte[]> getXattr(Path path, String name) {
        return Optional.ofNullable(xattrs.getOrDefault(normalize(path), Map.of()).get(name)).map(byte[]::clone);
    }

    /** Every call so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The recorded calls of one operation, in order. */
    public synchronized List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** The targets mounted and not yet unmounted. */
    public synchronized Set<Path> mounted() {
        return Set.copyOf(mounted);
    }

    public synchronized void clear() {
        calls.clear();
    }

    private static Path normalize(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
