package io.jocker.cgroups.v2;

import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import io.jocker.spi.CgroupMount;
import io.jocker.spi.CgroupStats;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One container's cgroup in the unified hierarchy. */
final class CgroupV2Cgroup implements ContainerCgroup {

    private static final long SETTLE_MILLIS = 5_000;

    private final V2Hierarchy hierarchy;
    private final String path;
    private final Path dir;

    /** The cgroup at {@code path}, relative to the hierarchy's root. */
    CgroupV2Cgroup(V2Hierarchy hierarchy, String path) {
        this.hierarchy = hierarchy;
        this.path = path;
        this.dir = hierarchy.root().resolve(path);
    }

    @Override
    public String path() {
        return "/" + path;
    }

    /** The whole unified tree, whose root in the container's cgroup namespace is this cgroup. */
    @Override
    public List<CgroupMount> mounts() {
        return List.of(CgroupMount.unified());
    }

    @Override
    public void addProcess(long pid) throws CgroupException {
        CgroupFiles.write(dir.resolve("cgroup.procs"), Long.toString(pid));
    }

    @Override
    public void update(Resources resources) throws CgroupException {
        List<LimitWrite> writes = V2Limits.writes(resources, this::current);
        hierarchy.checkAvailable(CgroupV2Driver.controllersOf(writes));
        hierarchy.prepareParents(path, hierarchy.toEnable(CgroupV2Driver.controllersOf(writes)));
        for (LimitWrite write : writes) {
            CgroupFiles.write(dir.resolve(write.file()), write.value());
        }
    }

    private Optional<String> current(String file) {
        try {
            Path path = dir.resolve(file);
            return Files.exists(path) ? Optional.of(CgroupFiles.read(path)) : Optional.empty();
        } catch (CgroupException e) {
            return Optional.empty();
        }
    }

    /** Absent files (a controller not enabled) count as zero usage and no limit. */
    @Override
    public CgroupStats stats() throws CgroupException {
        long cpu = keyOrZero("cpu.stat", "usage_usec") * 1000;
        long memory = 0;
        if (Files.exists(dir.resolve("memory.current"))) {
            memory = CgroupFiles.readLong(dir.resolve("memory.current"));
            long inactive = keyOrZero("memory.stat", "inactive_file");
            memory = inactive < memory ? memory - inactive : memory;
        }
        long limit = Long.MAX_VALUE;
        Optional<String> max = current("memory.max");
        if (max.isPresent() && !max.get().equals("max")) {
            limit = Long.parseLong(max.get());
        }
        long pids = Files.exists(dir.resolve("pids.current"))
                ? CgroupFiles.readLong(dir.resolve("pids.current"))
                : processes().size();
        long[] io = ioBytes();
        return new CgroupStats(cpu, memory, limit, pids, io[0], io[1]);
    }

    /** Bytes read and written from {@code io.stat} lines such as {@code 8:0 rbytes=4096 wbytes=0 ...}. */
    private long[] ioBytes() throws CgroupException {
        long[] bytes = new long[2];
        Path file = dir.resolve("io.stat");
        if (!Files.exists(file)) {
            return bytes;
        }
        for (String line : CgroupFiles.read(file).split("\n")) {
            for (String field : line.trim().split("\\s+")) {
                if (field.startsWith("rbytes=")) {
                    bytes[0] += parseLong(field.substring(7), file);
                } else if (field.startsWith("wbytes=")) {
                    bytes[1] += parseLong(field.substring(7), file);
                }
            }
        }
        return bytes;
    }

    private static long parseLong(String value, Path file) throws CgroupException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new CgroupException("unexpected value \"" + value + "\" in " + file, e);
        }
    }

    private long keyOrZero(String file, String key) throws CgroupException {
        Path path = dir.resolve(file);
        return Files.exists(path) ? Math.max(0, CgroupFiles.readKey(path, key)) : 0;
    }

    @Override
    public void freeze() throws CgroupException {
        setFrozen(true);
    }

    @Override
    public void thaw() throws CgroupException {
        setFrozen(false);
    }

    /** Writing cgroup.freeze starts the change; cgroup.events says when every task got there. */
    private void setFrozen(boolean frozen) throws CgroupException {
        CgroupFiles.write(dir.resolve("cgroup.freeze"), frozen ? "1" : "0");
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        while (isFrozen() != frozen) {
            if (System.currentTimeMillis() > deadline) {
                throw new CgroupException("cgroup " + dir + " did not become " + (frozen ? "frozen" : "thawed")
                        + " within " + SETTLE_MILLIS + " ms");
            }
            CgroupFiles.pause(10);
        }
    }

    @Override
    public boolean isFrozen() throws CgroupException {
        return CgroupFiles.readKey(dir.resolve("cgroup.events"), "frozen") == 1;
    }

    @Override
    public boolean oomKilled() throws CgroupException {
        Path events = dir.resolve("memory.events");
        return Files.exists(events) && CgroupFiles.readKey(events, "oom_kill") > 0;
    }

    @Override
    public List<Long> processes() throws CgroupException {
        return CgroupFiles.pids(dir);
    }

    /** cgroup.kill (Linux 5.14+) kills every task atomically, forks in flight included. */
    @Override
    public void killAll() throws CgroupException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        CgroupFiles.write(dir.resolve("cgroup.kill"), "1");
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        while (!processes().isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new CgroupException("processes " + processes() + " of cgroup " + dir
                        + " survived cgroup.kill for " + SETTLE_MILLIS + " ms");
            }
            CgroupFiles.pause(10);
        }
    }

    @Override
    public void destroy() throws CgroupException {
        CgroupFiles.removeDirectory(dir);
    }
}
