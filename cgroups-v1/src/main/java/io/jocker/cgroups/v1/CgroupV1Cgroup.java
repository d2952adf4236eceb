package io.jocker.cgroups.v1;

import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import io.jocker.spi.CgroupMount;
import io.jocker.spi.CgroupStats;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** One container's cgroup in each v1 hierarchy; joined hierarchies share a directory. */
final class CgroupV1Cgroup implements ContainerCgroup {

    private static final long KILL_WAIT_MILLIS = 5_000;

    private final String path;
    private final Map<Controller, Path> dirs;
    private final Set<Path> uniqueDirs;
    private final List<CgroupMount> mounts;

    CgroupV1Cgroup(String path, Map<Controller, Path> dirs, List<CgroupMount> mounts) {
        this.path = path;
        this.dirs = Collections.unmodifiableMap(new LinkedHashMap<>(dirs)); // keeps cpuset first
        this.uniqueDirs = new LinkedHashSet<>(dirs.values());
        this.mounts = List.copyOf(mounts);
    }

    @Override
    public List<CgroupMount> mounts() {
        return mounts;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void addProcess(long pid) throws CgroupException {
        for (Path dir : uniqueDirs) {
            CgroupFiles.write(dir.resolve("cgroup.procs"), Long.toString(pid));
        }
    }

    @Override
    public void update(Resources resources) throws CgroupException {
        CgroupV1Driver.validateLimits(resources, dirs.keySet());
        for (Map.Entry<Controller, Path> entry : dirs.entrySet()) {
            entry.getKey().apply(entry.getValue(), resources);
        }
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        Optional<CpuacctController> cpuacct = find(CpuacctController.class);
        Optional<MemoryController> memory = find(MemoryController.class);
        Optional<PidsController> pids = find(PidsController.class);
        Optional<BlkioController> blkio = find(BlkioController.class);
        long[] io = blkio.isPresent() ? blkio.get().readWrite(dirs.get(blkio.get())) : new long[2];
        return new CgroupStats(
                cpuacct.isPresent() ? cpuacct.get().usageNanos(dirs.get(cpuacct.get())) : 0,
                memory.isPresent() ? memory.get().usage(dirs.get(memory.get())) : 0,
                memory.isPresent() ? memory.get().limit(dirs.get(memory.get())) : Long.MAX_VALUE,
                pids.isPresent() ? pids.get().current(dirs.get(pids.get())) : processes().size(),
                io[0], io[1]);
    }

    @Override
    public void freeze() throws CgroupException {
        FreezerController freezer = freezer();
        freezer.freeze(dirs.get(freezer));
    }

    @Override
    public void thaw() throws CgroupException {
        FreezerController freezer = freezer();
        freezer.thaw(dirs.get(freezer));
    }

    @Override
    public boolean isFrozen() throws CgroupException {
        FreezerController freezer = freezer();
        return freezer.isFrozen(dirs.get(freezer));
    }

    @Override
    public boolean oomKilled() throws CgroupException {
        Optional<MemoryController> memory = find(MemoryController.class);
        return memory.isPresent() && memory.get().oomKilled(dirs.get(memory.get()));
    }

    @Override
    public List<Long> processes() throws CgroupException {
        Set<Long> pids = new TreeSet<>();
        for (Path dir : uniqueDirs) {
            pids.addAll(CgroupFiles.pids(dir));
        }
        return new ArrayList<>(pids);
    }

    /**
     * v1 has no cgroup.kill: freeze so that nothing forks meanwhile, SIGKILL every task by PID,
     * thaw so that the frozen tasks can die, then wait until the cgroup is empty.
     */
    @Override
    public void killAll() throws CgroupException {
        Optional<FreezerController> freezer = find(FreezerController.class).filter(f -> Files.isDirectory(dirs.get(f)));
        if (freezer.isPresent()) {
            freezer.get().freeze(dirs.get(freezer.get()));
        }
        long self = ProcessHandle.current().pid();
        for (long pid : processes()) {
            if (pid != self) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        if (freezer.isPresent()) {
            freezer.get().thaw(dirs.get(freezer.get()));
        }
        long deadline = System.currentTimeMillis() + KILL_WAIT_MILLIS;
        while (!processes().isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new CgroupException("processes " + processes() + " of cgroup " + path
                        + " survived SIGKILL for " + KILL_WAIT_MILLIS + " ms");
            }
            CgroupFiles.pause(10);
        }
    }

    @Override
    public void destroy() throws CgroupException {
        List<Path> reversed = new ArrayList<>(uniqueDirs);
        Collections.reverse(reversed);
        for (Path dir : reversed) {
            CgroupFiles.removeDirectory(dir);
        }
    }

    private FreezerController freezer() throws CgroupException {
        return find(FreezerController.class).orElseThrow(() ->
                new CgroupException("cgroup v1 controller \"freezer\" is not mounted on this host; cannot pause"));
    }

    private <C extends Controller> Optional<C> find(Class<C> type) {
        return dirs.keySet().stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
