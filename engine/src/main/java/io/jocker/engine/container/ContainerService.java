package io.jocker.engine.container;

import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Event;
import io.jocker.engine.events.Events;
import io.jocker.engine.filter.Filters;
import io.jocker.engine.network.NetworkConfigException;
import io.jocker.engine.network.NetworkRecord;
import io.jocker.engine.network.NetworkService;
import io.jocker.spi.NetworkAttachment;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.state.SupervisorPresence;
import io.jocker.engine.volume.VolumeClaim;
import io.jocker.engine.volume.VolumeService;
import io.jocker.images.ContainerUsage;
import io.jocker.linux.FaultPoints;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Processes;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupException;
import io.jocker.spi.CommandInvocationException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.ContainerState;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Isolator;
import io.jocker.spi.Mount;
import io.jocker.spi.Security;
import io.jocker.spi.StateStore;
import io.jocker.spi.Stdio;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.support.Trees;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container lifecycle: create, start, record the exit, remove. Every change of a container's
 * record happens under its state-store lock; drivers are those the container was created with.
 */
public final class ContainerService {

    private static final Logger LOG = Logger.getLogger(ContainerService.class.getName());

    /** Serialises name allocation across processes (no container has this id). */
    static final String NAMES_LOCK = "0".repeat(64);

    /** Why a container is not restarted once the supervisor that was waiting out its back-off is gone. */
    public static final String ORPHANED_RESTART = "not restarted: the supervisor that was to restart it ended first";

    private final EngineConfig config;
    private final Provider<StateStore> store;
    private final Drivers drivers;
    private final Provider<Isolator> isolator;
    private final ImageResolver images;
    private final ContainerLookup lookup;
    private final VolumeService volumes;
    private final ContainerSecurity security;
    private final Events events;
    private final Provider<NetworkService> networks;

    @Inject
    public ContainerService(EngineConfig config, Provider<StateStore> store, Drivers drivers,
            Provider<Isolator> isolator, ImageResolver images, ContainerLookup lookup, VolumeService volumes, Events events,
            Provider<NetworkService> networks) {
        this.networks = networks;
        this.config = config;
        this.store = store;
        this.drivers = drivers;
        this.isolator = isolator;
        this.images = images;
        this.lookup = lookup;
        this.volumes = volumes;
        this.security = new ContainerSecurity(config);
        this.events = events;
    }

    private ContainerNetworking networking() {
        return new ContainerNetworking(networks.get(), lookup, this::directory);
    }

    private ContainerRemains remains() {
        return new ContainerRemains(store.get(), lookup, drivers, config.root().resolve("containers"), this::directory);
    }

    /** The directory of a container's own files (generated /etc files, logs). */
    public Path directory(String id) {
        return config.root().resolve("containers").resolve(id);
    }

    /**
     * Creates a container: its record, its writable layer and its /etc files. Nothing runs yet.
     * Every driver the container needs is chosen first, so a missing one creates nothing.
     */
    public ContainerRecord create(CreateRequest request) {
        isolator.get();
        HostConfig asked = request.hostConfig();
        CapabilityTweaks capabilities = CapabilityTweaks.of(asked.capAdd(), asked.capDrop());
        NamespaceModes modes = checkHostFlags(request);
        List<String> securityOpt = security.validate(asked.securityOpt(), asked.privileged(), capabilities);
        ContainerImage image = images.resolve(request.image());
        String id = ContainerNames.newId();
        ContainerConfig containerConfig = ContainerConfigs.of(id, request, image);
        HostConfig.Builder networkSettings = networking().resolve(request, asked.toBuilder());
        String storageName = drivers.selected(DriverKind.STORAGE).name();
        String cgroupName = drivers.selected(DriverKind.CGROUP).name();
        StorageDriver storage = drivers.named(DriverKind.STORAGE, storageName, StorageDriver.class);
        List<Mount> mounts = new ArrayList<>();
        try (StateStore.Lock names = store.get().lock(NAMES_LOCK)) {
            List<ContainerRecord> all = lookup.all();
            remains().removeLocked(all);
            String name = request.name() != null ? uniqueName(ContainerNames.validate(request.name()), id, all)
                    : generatedName(all);
            try {
                mounts.addAll(EtcFiles.write(directory(id), containerConfig.hostname(), Path.of("/etc/resolv.conf")));
                try (VolumeClaim claim = volumes.claim(asked.mounts())) {
                    mounts.addAll(claim.mounts());
                    storage.createContainer(id, image.layers());
                    FaultPoints.reach("create.layer");
                    HostConfig hostConfig = networkSettings
                            .mounts(VolumeService.mountOrder(mounts))
                            .securityOpt(securityOpt)
                            .capAdd(capabilities.add())
                            .capDrop(capabilities.drop())
                            .pidMode(modes.pid())
                            .ipcMode(modes.ipc())
                            .utsMode(modes.uts())
                            .cgroupnsMode(modes.cgroupns())
                            .build();
                    ContainerRecord record = ContainerRecord.builder()
                            .id(id)
                            .name(name)
                            .created(Instant.now())
                            .image(request.image())
                            .imageId(image.id())
                            .config(containerConfig)
                            .hostConfig(hostConfig)
                            .state(ContainerState.created())
                            .storageDriver(storageName)
                            .cgroupDriver(cgroupName)
                            .build();
                    store.get().save(record);
                    claim.keep();
                    events.container(record, "create");
                    FaultPoints.reach("create.saved");
                    return record;
                }
            } catch (IOException | RuntimeException e) {
                discard(storage, id);
                throw e instanceof EngineException ee ? ee : new EngineException("cannot create container: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock container names: " + e.getMessage(), e);
        }
    }

    /** The per-container security and namespace flags, refused as Docker's daemon refuses them; returns the namespace modes. */
    private NamespaceModes checkHostFlags(CreateRequest request) {
        HostConfig asked = request.hostConfig();
        Sysctls.check(asked.sysctls());
        ContainerDevices.check(asked.devices(), asked.deviceCgroupRules());
        if (asked.oomScoreAdj() < -1000 || asked.oomScoreAdj() > 1000) {
            throw new InvalidRequestException("Invalid value " + asked.oomScoreAdj() + ", range for oom score adj is [-1000, 1000]");
        }
        NamespaceModes modes = NamespaceModes.of(request);
        modes.checkContainers(lookup::find);
        return modes;
    }

    private String uniqueName(String name, String id, List<ContainerRecord> all) {
        for (ContainerRecord r : all) {
            if (r.name().equals(name)) {
                throw new InvalidRequestException("Conflict. The container name \"/" + name + "\" is already in use by container \""
                        + r.id() + "\". You have to remove (or rename) that container to be able to reuse that name.");
            }
        }
        return name;
    }

    private String generatedName(List<ContainerRecord> all) {
        List<String> taken = all.stream().map(ContainerRecord::name).toList();
        String name = ContainerNames.randomName();
        for (int attempt = 0; taken.contains(name); attempt++) {
            name = ContainerNames.randomName() + (attempt > 5 ? Integer.toString(attempt) : "");
        }
        return name;
    }

    private void discard(StorageDriver storage, String id) {
        try {
            storage.removeContainer(id);
            Trees.delete(directory(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up after a failed create of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a created or exited container: mounts its root file system, creates its cgroup and
     * starts its process, placed in the cgroup before the command runs. A start by the user
     * re-arms the restart policy, as moby's containerStart does (ResetRestartManager(true),
     * HasBeenManuallyStopped = false): it ends a stop by the user and counts restarts from 0.
     */
    public StartedContainer start(String reference, Stdio stdio) {
        String id = lookup.find(reference).id();
        Isolator isolation = isolator.get();
        try (StateStore.Lock lock = store.get().lock(id)) {
            ContainerRecord record = lookup.byId(id).orElseThrow(() -> new NoSuchContainerException(reference));
            if (isRunning(record)) {
                throw new InvalidRequestException("container " + id + " is already running");
            }
            UserStops.clear(directory(id));
            return startLocked(record.withRestartCount(0), isolation, stdio);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock container " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * The restart policy's start, once its back-off is over: only while the record still says
     * restarting, so that a stop, kill, start or removal by the user meanwhile wins. Empty when it
     * no longer does.
     */
    public Optional<StartedContainer> startRestarting(String id, Stdio stdio) {
        Isolator isolation = isolator.get();
        try (StateStore.Lock lock = store.get().lock(id)) {
            Optional<ContainerRecord> record = lookup.byId(id);
            if (record.isEmpty() || record.get().state().status() != Status.RESTARTING) {
                return Optional.empty();
            }
            return Optional.of(startLocked(record.get(), isolation, stdio));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock container " + id + ": " + e.getMessage(), e);
        }
    }

    private StartedContainer startLocked(ContainerRecord record, Isolator isolation, Stdio stdio) {
        String id = record.id();
        StorageDriver storage = storage(record);
        CgroupDriver cgroups = cgroups(record);
        ContainerCgroup cgroup = null;
        StageClock clock = new StageClock(id);
        // Before anything is mounted or created: a profile that no longer compiles leaves nothing behind.
        Security hardening = security.forContainer(record.hostConfig());
        try {
            ContainerDevices devices = ContainerDevices.of(record.hostConfig());
            ContainerNetworking networking = networking();
            Map<String, Long> sharedNamespaces = new LinkedHashMap<>(NamespaceModes.of(record.hostConfig()).shared(lookup::find));
            networking.sharedNamespace(record).ifPresent(pid -> sharedNamespaces.put("net", pid));
            Path rootfs = storage.mountRootfs(id);
            clock.stage("mounting the root file system");
            FaultPoints.reach("start.mounted");
            volumes.populate(record, rootfs);
            removeLeftover(cgroups, id);
            ContainerCgroup created = cgroups.create(id, devices.applyTo(record.hostConfig().resources()));
            cgroup = created;
            clock.stage("creating the cgroup");
            FaultPoints.reach("start.cgroup");
            ContainerSpec spec = ContainerSpecs.of(record, rootfs, created.mounts(), stdio, hardening)
                    .toBuilder().devices(devices.nodes()).sharedNamespaces(sharedNamespaces).build();
            ContainerProcess process = isolation.start(spec, pid -> {
                clock.stage("spawning the init and its mounts");
                created.addProcess(pid);
                clock.stage("placing it in the cgroup");
                if (!record.hostConfig().networks().isEmpty()) {
                    networking.connect(record, pid);
                    clock.stage("connecting it to its networks");
                    FaultPoints.reach("start.networked");
                }
            });
            clock.stage("pivot_root and exec of the command");
            ContainerRecord running = record.withState(record.state().running(process.pid(), process.startTime(), Instant.now()));
            store.get().save(running);
            events.container(running, "start");
            FaultPoints.reach("start.running");
            return new StartedContainer(running, process);
        } catch (CommandInvocationException e) {
            throw startFailed(record, storage, cgroup, e.getMessage(), e.exitCode(), e);
        } catch (Exception e) {
            throw startFailed(record, storage, cgroup, e.getMessage(), 125, e);
        }
    }

    /** The cgroup of a container that does not run is what a start killed half-way left behind. */
    private static void removeLeftover(CgroupDriver cgroups, String id) throws CgroupException {
        Optional<ContainerCgroup> leftover = cgroups.open(id);
        if (leftover.isPresent()) {
            leftover.get().killAll();
            leftover.get().destroy();
        }
    }

    private ContainerStartException startFailed(ContainerRecord record, StorageDriver storage, ContainerCgroup cgroup,
            String message, int exitCode, Exception cause) {
        List<String> cleanup = releaseResources(record.id(), storage, cgroup);
        ContainerState failed = new ContainerState(Status.CREATED, 0, 0, exitCode, false, null, Instant.now(), message);
        try {
            store.get().save(record.withState(failed));
        } catch (IOException e) {
            cleanup.add("saving the state: " + e.getMessage());
        }
        String detail = cleanup.isEmpty() ? "" : " (cleanup also failed: " + String.join("; ", cleanup) + ")";
        return new ContainerStartException(message + detail, exitCode, cause);
    }

    /**
     * Records that a started container's process ended: its exit status and whether the OOM
     * killer struck; releases its cgroup and root file system mount; removes it if it was run
     * with {@code --rm}. Tolerates a container that was removed meanwhile.
     */
    public ContainerRecord finish(String id, ExitStatus status) {
        return finish(id, 0, status, false);
    }

    /**
     * {@link #finish} for the supervisor, which applies restart policies: a container that its
     * policy starts again is recorded as restarting, and its restart counted (as Docker counts it
     * when the back-off begins), in the same locked step as its exit, so that no command ever sees
     * it exited in between. The supervisor then owes it {@link #startRestarting} or
     * {@link #endRestart}.
     */
    public ContainerRecord finishDetached(String id, ExitStatus status) {
        return finish(id, 0, status, true);
    }

    /**
     * {@link #finishDetached} for an adopted container, whose exit the kernel reported for the
     * process {@code pid}: recorded only while the record is still that process's run (the user
     * may have started it again once its PID was gone). Null when it is not.
     */
    public ContainerRecord finishAdopted(String id, long pid, ExitStatus status) {
        return finish(id, pid, status, true);
    }

    /** {@code pid}: the process whose exit this is, or 0 for the one recorded (it cannot have changed). */
    private ContainerRecord finish(String id, long pid, ExitStatus status, boolean restartPolicy) {
        try (StateStore.Lock lock = store.get().lock(id)) {
            Optional<ContainerRecord> current = lookup.byId(id);
            if (current.isEmpty() || pid != 0 && current.get().state().pid() != pid) {
                return null;
            }
            ContainerRecord record = current.get();
            StorageDriver storage = storage(record);
            Optional<ContainerCgroup> cgroup = cgroups(record).open(id);
            boolean oom = false;
            if (cgroup.isPresent()) {
                try {
                    oom = cgroup.get().oomKilled();
                } catch (CgroupException e) {
                    oom = false;
                }
            }
            List<String> problems = releaseResources(id, storage, cgroup.orElse(null));
            FaultPoints.reach("finish.released");
            ContainerRecord exited = record.withState(record.state().exited(status.shellCode(), oom, Instant.now(),
                    String.join("; ", problems)));
            if (oom) {
                events.container(exited, "oom");
            }
            died(exited);
            if (record.hostConfig().autoRemove()) {
                removeLocked(exited, true);
                return exited;
            }
            ContainerRecord recorded = restartPolicy ? underRestartPolicy(exited) : exited;
            store.get().save(recorded);
            return recorded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the exit of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies the restart policy to an exit recorded without it (an adopted container's, which
     * whoever noticed first repaired as unknown): the supervisor's counterpart of
     * {@link #finishDetached}. Empty once the container was removed.
     */
    public Optional<ContainerRecord> applyRestartPolicy(String id) {
        try (StateStore.Lock lock = store.get().lock(id)) {
            Optional<ContainerRecord> current = lookup.byId(id);
            if (current.isEmpty() || current.get().state().status() != Status.EXITED) {
                return current;
            }
            ContainerRecord recorded = underRestartPolicy(current.get());
            store.get().save(recorded);
            return Optional.of(recorded);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply the restart policy of " + id + ": " + e.getMessage(), e);
        }
    }

    private ContainerRecord underRestartPolicy(ContainerRecord exited) {
        if (!RestartPolicies.shouldRestart(exited, UserStops.isMarked(directory(exited.id())))) {
            return exited;
        }
        return exited.withState(exited.state().withStatus(Status.RESTARTING)).withRestartCount(exited.restartCount() + 1);
    }

    /**
     * Ends a restart policy's back-off without a restart: a record that says restarting becomes
     * exited, with the exit it recorded ({@code why}, when given, says why it was not restarted).
     * Anything else is left as it is.
     */
    public void endRestart(String id, String why) {
        try (StateStore.Lock lock = store.get().lock(id)) {
            Optional<ContainerRecord> current = lookup.byId(id);
            if (current.isPresent() && current.get().state().status() == Status.RESTARTING) {
                store.get().save(restartEnded(current.get(), why));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot end the restart of " + id + ": " + e.getMessage(), e);
        }
    }

    /** A restarting record as exited: its exit was observed, only the restart does not happen. */
    static ContainerRecord restartEnded(ContainerRecord restarting, String why) {
        ContainerState s = restarting.state();
        String error = why == null ? s.error() : s.error().isEmpty() ? why : why + "; " + s.error();
        return restarting.withState(new ContainerState(Status.EXITED, 0, 0, s.exitCode(), s.oomKilled(), s.startedAt(),
                s.finishedAt(), error));
    }

    /**
     * Every container, with the truth about each: a record that says running while its process is
     * gone (jocker was killed while it watched) is repaired first, with its exit code unknown; one
     * that says restarting while no supervisor runs to restart it is repaired as exited; a
     * container frozen for a commit whose process was killed is thawed. What a create or removal
     * killed half-way left is removed.
     */
    public List<ContainerRecord> list() {
        List<ContainerRecord> all = lookup.all();
        remains().remove(all);
        List<ContainerRecord> records = new ArrayList<>();
        for (ContainerRecord r : all) {
            if (isStale(r)) {
                reconcile(r.id()).ifPresent(records::add);
            } else {
                records.add(r);
            }
        }
        return records;
    }

    /**
     * Only the supervisor records a restarting container, and it watches each of them until it
     * restarts it or ends the restart (and, once started, it repairs those a previous one left), so
     * a restarting record is true exactly while a supervisor runs.
     */
    private boolean isStale(ContainerRecord r) {
        return switch (r.state().status()) {
            case RUNNING -> endedUnrecorded(r) || CommitFreeze.abandoned(directory(r.id()));
            case PAUSED -> endedUnrecorded(r);
            case RESTARTING -> !SupervisorPresence.runs(config.root());
            default -> false;
        };
    }

    /** The process is gone and no supervisor is about to record how it ended ({@link ExitWatch}). */
    private boolean endedUnrecorded(ContainerRecord r) {
        return !ProcessLiveness.isAlive(r.state().pid(), r.state().pidStartTime()) && !ExitWatch.held(directory(r.id()));
    }

    /**
     * The container's record, repaired first if it says running while its process is gone (its
     * exit status is then unknown) or restarting while no supervisor runs, and thawed if a commit
     * killed half-way left it frozen; empty once it was removed.
     */
    public Optional<ContainerRecord> refresh(String id) {
        Optional<ContainerRecord> current = lookup.byId(id);
        return current.isPresent() && isStale(current.get()) ? reconcile(id) : current;
    }

    /**
     * Repairs a stale record under its lock. On a full disk the repair is returned without being
     * saved, so that reading the state and removing the container still work; the next reader
     * repairs it again, and saves it once it can.
     */
    private Optional<ContainerRecord> reconcile(String id) {
        try (StateStore.Lock lock = store.get().lock(id)) {
            Optional<ContainerRecord> current = lookup.byId(id);
            if (current.isEmpty() || !isStale(current.get())) {
                return current;
            }
            ContainerRecord record = current.get();
            ContainerRecord repaired;
            if (record.state().status() == Status.RESTARTING) {
                repaired = restartEnded(record, ORPHANED_RESTART);
            } else if (ProcessLiveness.isAlive(record.state().pid(), record.state().pidStartTime())) {
                thawAbandoned(record);
                return current;
            } else {
                Optional<ContainerCgroup> cgroup = cgroups(record).open(id);
                List<String> problems = releaseResources(id, storage(record), cgroup.orElse(null));
                CommitFreeze.clear(directory(id));
                problems.add(0, "exit status unknown: the container's process ended while no jocker process was watching it");
                repaired = record.withState(record.state().exited(null, false, Instant.now(), String.join("; ", problems)));
                died(repaired);
            }
            try {
                store.get().save(repaired);
            } catch (IOException e) {
                LOG.log(Level.FINE, "cannot save the repaired state of " + id, e);
                return Optional.of(withError(repaired, "not recorded yet: " + e.getMessage()));
            }
            return Optional.of(repaired);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair the state of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Thaws a running container that a commit left frozen when its process was killed: what needs
     * the container's processes to run (exec, signals, pause and unpause, commit) calls this first.
     */
    public void thawIfAbandoned(String id) {
        if (!CommitFreeze.abandoned(directory(id))) {
            return;
        }
        try (StateStore.Lock lock = store.get().lock(id)) {
            Optional<ContainerRecord> record = lookup.byId(id);
            if (record.isPresent() && CommitFreeze.abandoned(directory(id)) && isRunning(record.get())) {
                thawAbandoned(record.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot thaw container " + id + ": " + e.getMessage(), e);
        }
    }

    /** Thaws a running container that a commit froze and whose process was killed before it could thaw it. */
    private void thawAbandoned(ContainerRecord record) throws IOException {
        Optional<ContainerCgroup> cgroup = cgroups(record).open(record.id());
        try {
            if (cgroup.isPresent()) {
                cgroup.get().thaw();
            }
        } catch (CgroupException e) {
            throw new EngineException("cannot thaw container " + record.id() + ", which an interrupted commit left frozen: "
                    + e.getMessage(), e);
        }
        CommitFreeze.clear(directory(record.id()));
    }

    /** The record with {@code more} added to its state's error. */
    private static ContainerRecord withError(ContainerRecord record, String more) {
        ContainerState s = record.state();
        String error = s.error() == null || s.error().isEmpty() ? more : s.error() + "; " + more;
        return record.withState(new ContainerState(s.status(), s.pid(), s.pidStartTime(), s.exitCode(), s.oomKilled(),
                s.startedAt(), s.finishedAt(), error));
    }

    /** The host PIDs of a running container's processes (its cgroup's members), for {@code top}. */
    public List<Long> processes(String reference) {
        ContainerRecord record = lookup.find(reference);
        if (record.state().status() == Status.RESTARTING) {
            throw restarting(record.id());
        }
        if (!isRunning(record)) {
            throw new InvalidRequestException("Container " + record.id() + " is not running");
        }
        try {
            Optional<ContainerCgroup> cgroup = cgroups(record).open(record.id());
            List<Long> pids = cgroup.isPresent() ? cgroup.get().processes() : List.of(record.state().pid());
            events.container(record, "top");
            return pids;
        } catch (CgroupException e) {
            throw new EngineException("cannot list the processes of " + record.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A container created from an image, a running one first (as Docker names it in {@code rmi}'s
     * refusal); a record that claims to run is checked first, so a container that died unseen counts as stopped.
     */
    public Optional<ContainerUsage.User> containerUsing(String imageId) {
        List<ContainerUsage.User> users = new ArrayList<>();
        for (ContainerRecord listed : lookup.all()) {
            if (imageId.equals(listed.imageId())) {
                ContainerRecord current = runs(listed) ? refresh(listed.id()).orElse(listed) : listed;
                users.add(new ContainerUsage.User(current.id(), runs(current)));
            }
        }
        return users.stream().filter(ContainerUsage.User::running).findFirst().or(() -> users.stream().findFirst());
    }

    /** Docker's {@code IsRunning}: a paused or restarting container runs too. */
    private static boolean runs(ContainerRecord record) {
        Status status = record.state().status();
        return status == Status.RUNNING || status == Status.PAUSED || status == Status.RESTARTING;
    }

    /** What {@code container prune} removed: the containers' ids and the bytes of their writable layers. */
    public record Pruned(List<String> ids, long reclaimedBytes) {}

    /**
     * {@code container prune}: every container that does not run (Docker's {@code !IsRunning()}:
     * created, exited or dead), created before {@code until=} and matching {@code label=} and
     * {@code label!=}. A container that started meanwhile, or cannot be removed, is skipped, with
     * a warning for the latter, as Docker skips it.
     */
    public Pruned prune(Filters filters, Instant now) {
        filters.accept(Set.of("label", "label!", "until"));
        Optional<Instant> until = filters.time("until", now);
        List<String> removed = new ArrayList<>();
        long reclaimed = 0;
        for (ContainerRecord candidate : list()) {
            if (!prunable(candidate) || until.isPresent() && candidate.created().isAfter(until.get())
                    || !filters.matchLabels(candidate.config().labels())) {
                continue;
            }
            try (StateStore.Lock lock = store.get().lock(candidate.id())) {
                Optional<ContainerRecord> current = lookup.byId(candidate.id());
                if (current.isEmpty() || !prunable(current.get())) {
                    continue;
                }
                long size = sizeRw(current.get());
                removeLocked(current.get(), false);
                removed.add(candidate.id());
                reclaimed += size;
            } catch (IOException | RuntimeException e) {
                LOG.warning("cannot prune container " + candidate.id() + ": " + e.getMessage());
            }
        }
        events.pruned(Event.CONTAINER, reclaimed);
        return new Pruned(removed, reclaimed);
    }

    private static boolean prunable(ContainerRecord record) {
        Status status = record.state().status();
        return status != Status.RUNNING && status != Status.PAUSED && status != Status.RESTARTING;
    }

    /** The bytes of the files in the container's writable layer (Docker's {@code SizeRw}); 0 when they cannot be read. */
    public long sizeRw(ContainerRecord record) {
        try {
            return ContainerSizes.writableLayer(storage(record), record.id());
        } catch (IOException | RuntimeException e) {
            LOG.fine("cannot measure the writable layer of " + record.id() + ": " + e.getMessage());
            return 0;
        }
    }

    /** Removes a container; a running one only with {@code force}, after killing it. */
    public void remove(String reference, boolean force) {
        remove(reference, force, false);
    }

    /** Removes a container, and with {@code anonymousVolumes} its anonymous volumes too ({@code rm -v}). */
    public void remove(String reference, boolean force, boolean anonymousVolumes) {
        String id = lookup.find(reference).id();
        refresh(id);
        try (StateStore.Lock lock = store.get().lock(id)) {
            Optional<ContainerRecord> current = lookup.byId(id);
            if (current.isEmpty()) {
                throw new NoSuchContainerException(reference);
            }
            ContainerRecord record = current.get();
            // Nothing runs during a restart's back-off: removing it is all it takes to end the restart.
            if (!force && record.state().status() == Status.RESTARTING) {
                throw new InvalidRequestException("You cannot remove a restarting container " + id
                        + ". Stop the container before attempting removal or force remove");
            }
            if (isRunning(record)) {
                if (!force && record.state().status() == Status.PAUSED) {
                    throw new InvalidRequestException("You cannot remove a paused container " + id
                            + ". Unpause and then stop the container before attempting removal or force remove");
                }
                if (!force) {
                    throw new InvalidRequestException("You cannot remove a running container " + id
                            + ". Stop the container before attempting removal or force remove");
                }
                kill(record);
                events.container(record, "kill", Map.of("signal", Integer.toString(Processes.SIGKILL)));
                died(record.withState(record.state().exited(128 + Processes.SIGKILL, false, Instant.now(), "")));
                FaultPoints.reach("remove.killed");
            }
            removeLocked(record, anonymousVolumes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove container " + id + ": " + e.getMessage(), e);
        }
    }

    private void removeLocked(ContainerRecord record, boolean anonymousVolumes) throws IOException {
        String id = record.id();
        Optional<ContainerCgroup> cgroup = cgroups(record).open(id);
        List<String> problems = releaseResources(id, storage(record), cgroup.orElse(null));
        storage(record).removeContainer(id);
        if (!problems.isEmpty()) {
            throw new EngineException("cannot remove container " + id + ": " + String.join("; ", problems));
        }
        FaultPoints.reach("remove.storage");
        store.get().delete(id);
        Trees.delete(directory(id));
        events.container(record, "destroy");
        if (anonymousVolumes) {
            volumes.removeAnonymous(record);
        }
        releaseImageLayers();
    }

    /**
     * Frees the layers of an image deleted while this container used it ({@code rmi -f}), as
     * Docker's layer store does when the container goes. Records are read as they are, without
     * taking another container's lock: one that claims to run keeps the layers, which the next
     * {@code rmi} frees. A failure leaves them to that {@code rmi} too.
     */
    private void releaseImageLayers() {
        try {
            images.releaseUnused(imageId -> lookup.all().stream().filter(r -> imageId.equals(r.imageId())).findFirst()
                    .map(r -> new ContainerUsage.User(r.id(), runs(r))));
        } catch (RuntimeException e) {
            LOG.warning("cannot free the layers of deleted images: " + e.getMessage());
        }
    }

    /**
     * Docker's {@code die}: the exit code (255 where nobody could observe it, as {@code wait}
     * reports it) and how many whole seconds it ran.
     */
    private void died(ContainerRecord exited) {
        ContainerState s = exited.state();
        long ran = s.startedAt() == null ? 0 : Math.max(0, Duration.between(s.startedAt(), s.finishedAt()).toSeconds());
        events.container(exited, "die", Map.of("exitCode", s.exitCode() == null ? "255" : s.exitCode().toString(),
                "execDuration", Long.toString(ran)));
    }

    /** Kills the container and waits (at most 5 s) until its PID 1 has exited. */
    private void kill(ContainerRecord record) {
        ContainerKill.killAll(record, cgroups(record));
        ContainerState state = record.state();
        try {
            for (int i = 0; i < 500 && ProcessLiveness.isAlive(state.pid(), state.pidStartTime())
                    && !ProcStat.isGoneOrZombie(state.pid()); i++) {
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new EngineException("cannot kill container " + record.id() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while killing container " + record.id(), e);
        }
    }

    /** Releases the networks' endpoints, unmounts the root file system and destroys the cgroup; returns what failed, to report it. */
    private List<String> releaseResources(String id, StorageDriver storage, ContainerCgroup cgroup) {
        List<String> problems = new ArrayList<>();
        try {
            networking().release(id);
        } catch (RuntimeException e) {
            problems.add("network: " + e.getMessage());
        }
        if (cgroup != null) {
            try {
                cgroup.killAll();
                cgroup.destroy();
            } catch (CgroupException e) {
                problems.add("cgroup: " + e.getMessage());
            }
        }
        try {
            storage.unmountRootfs(id);
        } catch (IOException e) {
            problems.add("root file system: " + e.getMessage());
        }
        return problems;
    }

    /**
     * {@code network connect}: the container joins the network now if it runs, and whenever it
     * starts from now on.
     */
    public void connectNetwork(String reference, String networkReference, String ipv4Address, List<String> aliases) {
        String id = lookup.find(reference).id();
        NetworkService service = networks.get();
        NetworkRecord network = service.find(networkReference);
        try (StateStore.Lock lock = store.get().lock(id)) {
            ContainerRecord record = lookup.byId(id).orElseThrow(() -> new NoSuchContainerException(reference));
            String mode = record.hostConfig().networkMode();
            if (record.hostConfig().networks().isEmpty() || !network.hasDriver()) {
                throw new InvalidRequestException("container sharing network namespace with another container or host cannot be"
                        + " connected to any other network (" + (network.hasDriver() ? mode : network.name()) + ")");
            }
            if (record.hostConfig().networks().stream().anyMatch(a -> a.network().equals(network.name()) || a.network().equals(network.id()))) {
                throw new InvalidRequestException("endpoint with name " + record.name() + " already exists in network " + network.name());
            }
            if ((ipv4Address != null || !aliases.isEmpty()) && network.predefined()) {
                throw new NetworkConfigException("user specified IP address and network-scoped aliases are supported on user defined networks only");
            }
            NetworkAttachment attachment = new NetworkAttachment(network.name(), ipv4Address, aliases, null);
            if (isRunning(record)) {
                networking().connectRunning(record, attachment);
            }
            List<NetworkAttachment> attachments = new ArrayList<>(record.hostConfig().networks());
            attachments.add(attachment);
            store.get().save(record.toBuilder().hostConfig(record.hostConfig().toBuilder().networks(attachments).build()).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect container " + id + ": " + e.getMessage(), e);
        }
    }

    /** {@code network disconnect}: the container leaves the network now if it runs, and no longer joins it when it starts. */
    public void disconnectNetwork(String reference, String networkReference) {
        String id = lookup.find(reference).id();
        NetworkRecord network = networks.get().find(networkReference);
        try (StateStore.Lock lock = store.get().lock(id)) {
            ContainerRecord record = lookup.byId(id).orElseThrow(() -> new NoSuchContainerException(reference));
            List<NetworkAttachment> kept = record.hostConfig().networks().stream()
                    .filter(a -> !a.network().equals(network.name()) && !a.network().equals(network.id())).toList();
            if (kept.size() == record.hostConfig().networks().size()) {
                throw new InvalidRequestException("container " + record.id() + " is not connected to network " + network.name());
            }
            if (isRunning(record)) {
                networking().disconnectRunning(record, network);
            }
            store.get().save(record.toBuilder().hostConfig(record.hostConfig().toBuilder().networks(kept).build()).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot disconnect container " + id + ": " + e.getMessage(), e);
        }
    }

    /** Docker's refusal of what needs the container's process while a restart policy waits to start it again. */
    public static InvalidRequestException restarting(String id) {
        return new InvalidRequestException("Container " + id + " is restarting, wait until the container is running");
    }

    /** Whether the record says running and its process really is alive (never trusts a stale record). */
    public static boolean isRunning(ContainerRecord record) {
        Status status = record.state().status();
        return (status == Status.RUNNING || status == Status.PAUSED)
                && ProcessLiveness.isAlive(record.state().pid(), record.state().pidStartTime());
    }

    private StorageDriver storage(ContainerRecord record) {
        return drivers.named(DriverKind.STORAGE, record.storageDriver(), StorageDriver.class);
    }

    private CgroupDriver cgroups(ContainerRecord record) {
        return drivers.named(DriverKind.CGROUP, record.cgroupDriver(), CgroupDriver.class);
    }
}
