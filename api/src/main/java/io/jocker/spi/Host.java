package io.jocker.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a driver may look at when it decides whether it is supported. All paths are resolved
 * against {@link #root()}, which is {@code /} in production and a temporary directory in tests,
 * so that probing code can be tested against a fake {@code /proc} and {@code /sys}.
 *
 * @param root the file system root to probe (normally {@code /})
 * @param kernelRelease {@code uname -r}
 * @param cpus the number of online CPUs
 */
public record Host(Path root, String kernelRelease, int cpus) {

    /** The host this JVM runs on. */
    public static Host current() {
        return new Host(Path.of("/"), System.getProperty("os.version"), Runtime.getRuntime().availableProcessors());
    }

    /** {@code root}/proc. */
    public Path proc() {
        return root.resolve("proc");
    }

    /** {@code root}/sys/fs/cgroup. */
    public Path cgroupRoot() {
        return root.resolve("sys/fs/cgroup");
    }

    /** The file system types the kernel knows, from {@code /proc/filesystems}; empty if unreadable. */
    public List<String> filesystems() {
        try {
            return Files.readAllLines(proc().resolve("filesystems")).stream()
                    .map(line -> line.substring(line.lastIndexOf('\t') + 1).trim())
                    .filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
