package io.jocker.testing;

import io.jocker.linux.MountInfo;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A test stand-in for the engine's JNA-backed {@link KernelOps}: the same operations done with
 * mount(8), umount(8), mknod(1), setfattr(1) and getfattr(1) (package {@code attr}).
 *
 * <p>Only for tests that need real mounts before the JNA implementation is wired in; production
 * code must never shell out. Needs root.
 */
public final class CommandKernelOps implements KernelOps {

    @Override
    public void mount(String source, Path target, String fsType, long flags, String data) throws IOException {
        List<String> command = new ArrayList<>(List.of("mount", "-n"));
        if (fsType != null && !fsType.isEmpty()) {
            command.addAll(List.of("-t", fsType));
        }
        String options = mountOptions(flags, data);
        if (!options.isEmpty()) {
            command.addAll(List.of("-o", options));
        }
        command.addAll(List.of(source, target.toString()));
        run("mount " + target, command);
    }

    /** Translates mount(2) flags into mount(8) options, in the order mount(8) accepts them. */
    private static String mountOptions(long flags, String data) {
        List<String> options = new ArrayList<>();
        if ((flags & MS_REMOUNT) != 0) {
            options.add("remount");
        }
        if ((flags & MS_BIND) != 0) {
            options.add((flags & MS_REC) != 0 ? "rbind" : "bind");
        }
        if ((flags & MS_RDONLY) != 0) {
            options.add("ro");
        }
        if ((flags & MS_NOSUID) != 0) {
            options.add("nosuid");
        }
        if ((flags & MS_NODEV) != 0) {
            options.add("nodev");
        }
        if ((flags & MS_NOEXEC) != 0) {
            options.add("noexec");
        }
        if ((flags & MS_PRIVATE) != 0) {
            options.add((flags & MS_REC) != 0 ? "rprivate" : "private");
        }
        if (data != null && !data.isEmpty()) {
            options.add(data);
        }
        return String.join(",", options);
    }

    @Override
    public void unmount(Path target, boolean detach) throws IOException {
        List<String> command = new ArrayList<>(List.of("umount", "-n"));
        if (detach) {
            command.add("-l");
        }
        command.add(target.toString());
        run("umount " + target, command);
    }

    @Override
    public boolean isMountPoint(Path path) throws IOException {
        return MountInfo.isMountPoint(path.toAbsolutePath().normalize());
    }

    @Override
    public void makeCharDevice(Path path, int major, int minor, int mode) throws IOException {
        run("mknod " + path, List.of("mknod", "-m", Integer.toOctalString(mode & 07777), path.toString(), "c",
                Integer.toString(major), Integer.toString(minor)));
    }

    @Override
    public void makeBlockDevice(Path path, int major, int minor, int mode) throws IOException {
        run("mknod " + path, List.of("mknod", "-m", Integer.toOctalString(mode & 07777), path.toString(), "b",
                Integer.toString(major), Integer.toString(minor)));
    }

    @Override
    public void makeFifo(Path path, int mode) throws IOException {
        run("mkfifo " + path, List.of("mkfifo", "-m", Integer.toOctalString(mode & 07777), path.toString()));
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) throws IOException {
        run("setxattr " + name + " " + path,
                List.of("setfattr", "-h", "-n", name, "-v", "0x" + HexFormat.of().formatHex(value), path.toString()));
    }

    @Override
    public Optional<byte[]> getXattr(Path path, String name) throws IOException {
        Result result = exec(List.of("getfattr", "-h", "--absolute-names", "-e", "hex", "-n", name, path.toString()));
        if (result.exitCode() != 0) {
            if (result.output().contains("No such attribute")) {
                return Optional.empty();
            }
            throw new IOException("getxattr " + name + " " + path + ": " + result.output().trim());
        }
        for (String line : result.output().split("\n")) {
            if (line.startsWith(name + "=0x")) {
                return Optional.of(HexFormat.of().parseHex(line.substring(name.length() + 3).trim()));
            }
            if (line.equals(name)) {
                return Optional.of(new byte[0]);
            }
        }
        throw new IOException("getxattr " + name + " " + path + ": unexpected getfattr output: " + result.output());
    }

    private static void run(String operation, List<String> command) throws IOException {
        Result result = exec(command);
        if (result.exitCode() != 0) {
            throw new IOException(operation + ": " + result.output().trim());
        }
    }

    private static Result exec(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream out = process.getInputStream()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            out.transferTo(buffer);
            return new Result(process.waitFor(), buffer.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    private record Result(int exitCode, String output) {}
}
