package io.jocker.engine.container;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.events.Events;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.images.CommitRequest;
import io.jocker.images.Digests;
import io.jocker.images.ExposedPorts;
import io.jocker.images.ImageException;
import io.jocker.images.ImageStore;
import io.jocker.images.RunConfig;
import io.jocker.images.tar.LayerTarWriter;
import io.jocker.linux.FaultPoints;
import io.jocker.linux.TempFile;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.StateStore;
import io.jocker.spi.StorageDriver.ChangeVisitor;
import io.jocker.spi.StorageDriver;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker commit}: the container's writable layer, read through the storage driver's
 * {@code diff}, becomes one new layer on top of its image's. A running container is frozen in its
 * cgroup while its changes are read, as Docker pauses it, and thawed afterwards.
 */
public final class CommitService {

    private final Provider<StateStore> store;
    private final Drivers drivers;
    private final ContainerLookup lookup;
    private final ContainerService containers;
    private final Provider<ImageStore> images;
    private final Events events;

    @Inject
    public CommitService(Provider<StateStore> store, Drivers drivers, ContainerLookup lookup, ContainerService containers,
            Provider<ImageStore> images, Events events) {
        this.store = store;
        this.drivers = drivers;
        this.lookup = lookup;
        this.containers = containers;
        this.images = images;
        this.events = events;
    }

    /**
     * The arguments of {@code docker commit}.
     *
     * @param reference {@code REPO[:TAG]}, or null
     * @param pause freeze a running container while reading its changes
     */
    public record Request(String container, String reference, List<String> changes, String message, boolean pause) {

        public Request {
            changes = List.copyOf(changes);
        }
    }

    /** Commits the container and returns the new image's id. */
    public String commit(Request request) {
        ImageStore imageStore = images.get();
        try {
            imageStore.validate(request.changes(), request.reference());
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        }
        String id = lookup.find(request.container()).id();
        containers.thawIfAbandoned(id);
        try (StateStore.Lock lock = store.get().lock(id)) {
            ContainerRecord record = lookup.byId(id).orElseThrow(() -> new NoSuchContainerException(request.container()));
            StorageDriver storage = drivers.named(DriverKind.STORAGE, record.storageDriver(), StorageDriver.class);
            if (!storage.name().equals(imageStore.storageDriver())) {
                throw new EngineException("container " + id + " uses the " + storage.name() + " storage driver; run commit with"
                        + " --storage-driver " + storage.name());
            }
            try (TempFile spool = imageStore.newSpool()) {
                String diffId = writeChanges(record, storage, spool.path(), request.pause());
                FaultPoints.reach("commit.spooled");
                ContainerConfig c = record.config();
                CommitRequest commit = new CommitRequest(record.imageId(), runConfig(c), request.changes(), request.message(),
                        String.join(" ", c.entrypoint().isEmpty() ? c.cmd() : concat(c.entrypoint(), c.cmd())),
                        request.reference());
                String imageId = imageStore.commit(spool.path(), diffId, commit);
                events.container(record, "commit", Map.of("comment", request.message() == null ? "" : request.message(),
                        "imageID", imageId, "imageRef", request.reference() == null ? "" : request.reference()));
                return imageId;
            }
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit container " + id + ": " + e.getMessage(), e);
        }
    }

    private String writeChanges(ContainerRecord record, StorageDriver storage, Path spool, boolean pause) throws IOException {
        MessageDigest sha = Digests.sha256();
        MountedPaths mounted = MountedPaths.of(record);
        try (OutputStream file = Files.newOutputStream(spool);
                DigestOutputStream digesting = new DigestOutputStream(new BufferedOutputStream(file, 256 * 1024), sha);
                LayerTarWriter tar = new LayerTarWriter(digesting);
                LayerFiles layer = new LayerFiles();
                Frozen frozen = pause ? freeze(record) : Frozen.NONE) {
            FaultPoints.reach("commit.frozen");
            storage.diff(record.id(), new ChangeVisitor() {
                @Override
                public void changed(String relativePath, Path file) throws IOException {
                    // What is gone or moved since the driver saw it is left out, as if it had been seen later.
                    layer.on(relativePath, file, held -> {
                        if (!mounted.excludes(relativePath, Files.isDirectory(held, LinkOption.NOFOLLOW_LINKS))) {
                            tar.add(relativePath, held);
                        }
                    });
                }

                @Override
                public void deleted(String relativePath) throws IOException {
                    if (!mounted.excludes(relativePath, false)) {
                        tar.addWhiteout(relativePath);
                    }
                }

                @Override
                public void opaqued(String relativeDir) throws IOException {
                    if (!mounted.excludes(relativeDir, true)) {
                        tar.addOpaque(relativeDir);
                    }
                }
            });
            tar.finish();
            digesting.flush();
        }
        return Digests.format(sha.digest());
    }

    /** A frozen cgroup, thawed on close; {@link #NONE} when nothing was frozen. */
    private interface Frozen extends AutoCloseable {
        Frozen NONE = () -> {};

        @Override
        void close() throws IOException;
    }

    /**
     * Freezes a running container that is not already paused; a paused one stays paused after
     * the commit, and one that is not running has nothing to freeze. This process is recorded as
     * the one that froze it ({@link CommitFreeze}), so that the freeze cannot outlive it.
     */
    private Frozen freeze(ContainerRecord record) throws IOException {
        if (!ContainerService.isRunning(record)) {
            return Frozen.NONE;
        }
        Optional<ContainerCgroup> cgroup = drivers.named(DriverKind.CGROUP, record.cgroupDriver(), CgroupDriver.class)
                .open(record.id());
        Path dir = containers.directory(record.id());
        try {
            if (cgroup.isEmpty() || cgroup.get().isFrozen()) {
                return Frozen.NONE;
            }
            ContainerCgroup frozen = cgroup.get();
            CommitFreeze.record(dir);
            try {
                frozen.freeze();
            } catch (CgroupException e) {
                CommitFreeze.clear(dir);
                throw e;
            }
            return () -> {
                try {
                    frozen.thaw();
                } catch (CgroupException e) {
                    throw new IOException("cannot unpause container " + record.id() + " after the commit: " + e.getMessage(), e);
                }
                CommitFreeze.clear(dir);
            };
        } catch (CgroupException e) {
            throw new IOException("cannot pause container " + record.id() + " for the commit: " + e.getMessage()
                    + " (use --pause=false to commit without pausing)", e);
        }
    }

    private static RunConfig runConfig(ContainerConfig c) {
        return new RunConfig(nullIfEmpty(c.cmd()), nullIfEmpty(c.entrypoint()), nullIfEmpty(c.env()),
                c.labels().isEmpty() ? null : c.labels(), c.user().isEmpty() ? null : c.user(),
                c.workingDir().isEmpty() ? null : c.workingDir(),
                c.exposedPorts().isEmpty() ? null : ExposedPorts.of(c.exposedPorts()));
    }

    private static List<String> nullIfEmpty(List<String> list) {
        return list.isEmpty() ? null : list;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
