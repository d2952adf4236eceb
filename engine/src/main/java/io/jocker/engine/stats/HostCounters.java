package io.jocker.engine.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host-side counters Docker's {@code stats} reads besides the cgroup: the machine's CPU time
 * and memory, and a container's network traffic, all from a {@code /proc} given by path so that
 * tests can use a fake one.
 */
final class HostCounters {

    /** Linux's USER_HZ: /proc/stat counts in hundredths of a second on every architecture jocker runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    /** The fields of /proc/stat's cpu line Docker sums: user nice system idle iowait irq softirq steal. */
    private static final int CPU_FIELDS = 8;

    private final Path proc;

    HostCounters(Path proc) {
        this.proc = proc;
    }

    /** Docker's {@code system_cpu_usage}: CPU time of the whole machine since boot, in nanoseconds. */
    long systemCpuNanos() throws IOException {
        for (String line : Files.readAllLines(proc.resolve("stat"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields[0].equals("cpu")) {
                long ticks = 0;
                for (int i = 1; i <= CPU_FIELDS && i < fields.length; i++) {
                    ticks += parse(fields[i], "stat");
                }
                return ticks * NANOS_PER_TICK;
            }
        }
        throw new IOException("no cpu line in " + proc.resolve("stat"));
    }

    /** MemTotal in bytes, 0 when unknown. */
    long memoryTotal() throws IOException {
        for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String[] fields = line.trim().split("\\s+");
                return parse(fields[1], "meminfo") * 1024;
            }
        }
        return 0;
    }

    /**
     * Bytes received and sent by every interface of the network namespace {@code pid} is in,
     * loopback excluded as Docker counts only the container's own interfaces.
     */
    Traffic network(long pid) throws IOException {
        long received = 0;
        long sent = 0;
        List<String> lines = Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("net/dev"));
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.substring(0, colon).trim().equals("lo")) {
                continue;
            }
            String[] fields = line.substring(colon + 1).trim().split("\\s+");
            if (fields.length >= 9) {
                received += parse(fields[0], "net/dev");
                sent += parse(fields[8], "net/dev");
            }
        }
        return new Traffic(received, sent);
    }

    /** Bytes received and sent over a network namespace's interfaces. */
    record Traffic(long received, long sent) {
        static final Traffic NONE = new Traffic(0, 0);
    }

    private long parse(String value, String file) throws IOException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("unexpected value \"" + value + "\" in " + proc.resolve(file), e);
        }
    }
}
