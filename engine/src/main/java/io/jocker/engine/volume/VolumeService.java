package io.jocker.engine.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Event;
import io.jocker.engine.events.Events;
import io.jocker.engine.filter.Filters;
import io.jocker.linux.AtFiles;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.RootedDir;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.Mount;
import io.jocker.spi.StateStore;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Local volumes ({@code jocker volume ...}) and the mounts of new containers. A container's record
 * holds each volume as a bind mount whose source is {@code <root>/volumes/<name>/_data}: that is how
 * a volume is recognised ({@link #volumeName}), how "in use" is decided, and how commit and
 * export know what to leave out. Every change runs under one volume lock.
 */
public final class VolumeService {

    /** The state-store lock id that serialises volume changes (no container has this id). */
    private static final String VOLUMES_LOCK = "1".repeat(64);

    private final Provider<StateStore> states;
    private final VolumeStore store;
    private final Events events;

    @Inject
    public VolumeService(EngineConfig config, Provider<StateStore> states, ObjectMapper json, Events events) {
        this.states = states;
        this.store = new VolumeStore(config.root().resolve("volumes"), json);
        this.events = events;
    }

    /** {@code volume create}: a new volume, or the existing one of that name (as Docker answers). */
    public Volume create(String name, Map<String, String> labels) {
        String actual = name == null || name.isEmpty() ? VolumeNames.random() : VolumeNames.validate(name);
        try (StateStore.Lock lock = lock()) {
            store.removeAbandoned();
            Optional<Volume> existing = store.get(actual);
            if (existing.isPresent()) {
                return existing.get();
            }
            Volume created = store.create(actual, labels);
            events.volume(actual, "create");
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create volume " + actual + ": " + e.getMessage(), e);
        }
    }

    public List<Volume> list() {
        try {
            return store.list();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list volumes: " + e.getMessage(), e);
        }
    }

    public Volume inspect(String name) {
        try {
            return store.get(name).orElseThrow(() -> new NoSuchVolumeException(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read volume " + name + ": " + e.getMessage(), e);
        }
    }

    /** Whether no container (in any state) mounts the volume, as {@code volume ls -f dangling=true} means it. */
    public boolean dangling(Volume volume) {
        return users(volume.name()).isEmpty();
    }

    /** {@code volume rm}: refuses a volume that any container, running or not, still mounts. */
    public void remove(String name) {
        try (StateStore.Lock lock = lock()) {
            store.removeAbandoned();
            store.get(name).orElseThrow(() -> new NoSuchVolumeException(name));
            List<String> users = users(name);
            if (!users.isEmpty()) {
                throw new VolumeInUseException(name, users);
            }
            store.delete(name);
            events.volume(name, "destroy");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove volume " + name + ": " + e.getMessage(), e);
        }
    }

    /** What {@code volume prune} removed. */
    public record Pruned(List<String> names, long reclaimedBytes) {}

    /**
     * {@code volume prune}: the unused anonymous volumes, or with {@code all=true} ({@code -a})
     * every unused one, that match {@code label=} and {@code label!=}.
     */
    public Pruned prune(Filters filters) {
        filters.accept(Set.of("label", "label!", "all"));
        boolean all = filters.bool("all").orElse(false);
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        try (StateStore.Lock lock = lock()) {
            for (Volume volume : store.list()) {
                if ((all || volume.anonymous()) && filters.matchLabels(volume.labels()) && users(volume.name()).isEmpty()) {
                    bytes += store.size(volume.name());
                    store.delete(volume.name());
                    events.volume(volume.name(), "destroy");
                    removed.add(volume.name());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune volumes: " + e.getMessage(), e);
        }
        events.pruned(Event.VOLUME, bytes);
        return new Pruned(removed, bytes);
    }

    /** A volume with the bytes of its data and the number of containers that mount it. */
    public record Usage(Volume volume, long size, int references) {}

    /** Every volume's {@link Usage}, for {@code system df}. */
    public List<Usage> usage() {
        List<Usage> usage = new ArrayList<>();
        try {
            for (Volume volume : store.list()) {
                usage.add(new Usage(volume, store.size(volume.name()), users(volume.name()).size()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure volumes: " + e.getMessage(), e);
        }
        return usage;
    }

    /**
     * Checks a new container's mounts and makes what they need: a volume for each named one not yet
     * there and for each anonymous one, a host directory for each {@code -v} bind whose source is
     * missing. Nothing is made unless every mount is valid. The caller keeps the claim open until
     * the container's record is saved.
     */
    public VolumeClaim claim(List<Mount> requested) {
        Set<String> destinations = new HashSet<>();
        for (Mount mount : requested) {
            if (!destinations.add(mount.destination())) {
                throw new InvalidRequestException("Duplicate mount point: " + mount.destination());
            }
            if (mount.type().equals(MountSpecs.BIND) && !mount.options().contains(MountSpecs.CREATE_SOURCE)
                    && !Files.exists(Path.of(mount.source()))) {
                throw MountSpecs.invalidConfig(MountSpecs.BIND, "bind source path does not exist: " + mount.source());
            }
        }
        StateStore.Lock lock = lock();
        List<String> created = new ArrayList<>();
        try {
            List<Mount> mounts = new ArrayList<>();
            for (Mount mount : requested) {
                mounts.add(switch (mount.type()) {
                    case MountSpecs.VOLUME -> volumeMount(mount, created);
                    case MountSpecs.BIND -> bindMount(mount);
                    default -> mount;
                });
            }
            return new VolumeClaim(store, lock, mounts, created, events);
        } catch (IOException | RuntimeException e) {
            new VolumeClaim(store, lock, List.of(), created, events).close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot prepare volumes: " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private Mount volumeMount(Mount mount, List<String> created) throws IOException {
        String name = mount.source();
        if (name.isEmpty()) {
            name = VolumeNames.random();
            store.create(name, Map.of(Volume.ANONYMOUS_LABEL, ""));
            created.add(name);
        } else if (store.get(name).isEmpty()) {
            store.create(name, Map.of());
            created.add(name);
        }
        List<String> options = new ArrayList<>(List.of("rbind", "rprivate"));
        if (mount.readOnly()) {
            options.add("ro");
        }
        if (mount.options().contains(MountSpecs.NOCOPY)) {
            options.add(MountSpecs.NOCOPY);
        }
        return new Mount(MountSpecs.BIND, store.dataOf(name).toString(), mount.destination(), options);
    }

    private static Mount bindMount(Mount mount) throws IOException {
        if (!mount.options().contains(MountSpecs.CREATE_SOURCE)) {
            return mount;
        }
        Path source = Path.of(mount.source());
        if (!Files.exists(source)) {
            Files.createDirectories(source);
        }
        List<String> options = new ArrayList<>(mount.options());
        options.remove(MountSpecs.CREATE_SOURCE);
        return new Mount(mount.type(), mount.source(), mount.destination(), options);
    }

    /**
     * Mounts in the order they must be made: parents before what is mounted inside them (fewer
     * path components first), as Docker sorts them; equal depths keep their order.
     */
    public static List<Mount> mountOrder(List<Mount> mounts) {
        List<Mount> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingLong(m -> m.destination().chars().filter(c -> c == '/').count()));
        return sorted;
    }

    /**
     * Before a container starts: each of its volumes that is still empty gets a copy of what the
     * image has at the mount point (Docker's copy-up), unless mounted with {@code nocopy}.
     *
     * @param rootfs the container's mounted root file system, as the host sees it
     */
    public void populate(ContainerRecord record, Path rootfs) throws IOException {
        try (StateStore.Lock lock = lock()) {
            for (Mount mount : record.hostConfig().mounts()) {
                Optional<String> name = volumeName(mount);
                if (name.isEmpty() || mount.options().contains(MountSpecs.NOCOPY)) {
                    continue;
                }
                Path data = store.dataOf(name.get());
                try (RootedDir root = RootedDir.of(rootfs)) {
                    int source = imageDirectory(root, mount.destination());
                    try {
                        if (source >= 0 && isEmptyDirectory(data)) {
                            CopyUp.copy(source, data);
                        }
                    } finally {
                        Fds.closeQuietly(source);
                    }
                }
            }
        }
    }

    /** An O_PATH descriptor of the image's directory at {@code destination}, resolved inside the root; -1 when there is none. */
    private static int imageDirectory(RootedDir root, String destination) throws LinuxException {
        int fd;
        try {
            fd = root.open(destination, true);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                return -1;
            }
            throw e;
        }
        boolean directory = false;
        try {
            directory = AtFiles.stat(fd).isDirectory();
        } finally {
            if (!directory) {
                Fds.closeQuietly(fd);
            }
        }
        return directory ? fd : -1;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    /** The name of the volume a recorded mount binds, if it is one. */
    public Optional<String> volumeName(Mount mount) {
        if (!mount.type().equals(MountSpecs.BIND)) {
            return Optional.empty();
        }
        Path source = Path.of(mount.source());
        Path dir = source.getParent();
        if (dir == null || !source.getFileName().toString().equals(VolumeStore.DATA) || !store.root().equals(dir.getParent())) {
            return Optional.empty();
        }
        String name = dir.getFileName().toString();
        return VolumeNames.isValid(name) ? Optional.of(name) : Optional.empty();
    }

    /**
     * Removes the anonymous volumes of a container whose record is already gone ({@code rm -v},
     * {@code run --rm}); one that another container also mounts stays, as in Docker.
     */
    public void removeAnonymous(ContainerRecord removed) {
        try (StateStore.Lock lock = lock()) {
            for (Mount mount : removed.hostConfig().mounts()) {
                Optional<String> name = volumeName(mount);
                if (name.isPresent() && store.get(name.get()).map(Volume::anonymous).orElse(false)
                        && users(name.get()).isEmpty()) {
                    store.delete(name.get());
                    events.volume(name.get(), "destroy");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the anonymous volumes of " + removed.id() + ": " + e.getMessage(), e);
        }
    }

    /** The ids of the containers whose records mount the volume. */
    private List<String> users(String name) {
        List<String> ids = new ArrayList<>();
        for (ContainerRecord r : containers()) {
            if (r.hostConfig().mounts().stream().anyMatch(m -> volumeName(m).filter(name::equals).isPresent())) {
                ids.add(r.id());
            }
        }
        return ids;
    }

    private StateStore.Lock lock() {
        try {
            return states.get().lock(VOLUMES_LOCK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the volumes: " + e.getMessage(), e);
        }
    }

    private List<ContainerRecord> containers() {
        try {
            return states.get().list();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read containers: " + e.getMessage(), e);
        }
    }
}
