package io.jocker.engine.cp;

import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.NoSuchContainerException;
import io.jocker.engine.container.UserResolver;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.tree.TarPipe;
import io.jocker.engine.tree.TreeArchiver;
import io.jocker.engine.tree.TreeExtractor;
import io.jocker.images.InvalidArchiveException;
import io.jocker.images.tar.Decompressor;
import io.jocker.images.tar.TarBlocks;
import io.jocker.linux.AtFiles;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.FileStat;
import io.jocker.linux.LinuxException;
import io.jocker.linux.RootedDir;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.StateStore;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.User;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

/**
 * {@code docker cp}: files between a container, running or not, and the local file system, or a
 * tar stream. Paths, their trailing {@code /} and {@code /.}, and every message follow Docker's
 * client and daemon. Inside the container every path is resolved by the kernel with the
 * container's root as the root ({@link RootedDir}), on a private view of its file system with its
 * volumes ({@link ContainerView}), and acted on by descriptor; the container's lock is held
 * throughout, so it cannot start, stop being recorded or be removed meanwhile.
 */
public final class CopyService {

    private final Provider<StateStore> store;
    private final Drivers drivers;
    private final ContainerLookup lookup;

    @Inject
    public CopyService(Provider<StateStore> store, Drivers drivers, ContainerLookup lookup) {
        this.store = store;
        this.drivers = drivers;
        this.lookup = lookup;
    }

    /**
     * {@code cp CONTAINER:SOURCE DESTINATION}; {@code destination} is an absolute local path that
     * keeps the trailing {@code /} or {@code /.} the user gave. Returns the archive's length.
     */
    public long copyFromContainer(String container, String source, String destination, boolean followLink) {
        HostFiles.validateOutputPath(destination);
        return withView(container, false, (view, record) -> {
            try (Resource from = containerSource(view, container, source, followLink, true)) {
                Placement placement = Placement.of(from.top(), from.stat().isDirectory(), HostFiles.destination(destination));
                try (RootedDir into = HostFiles.directory(placement.directory())) {
                    TreeExtractor extractor = new TreeExtractor(into, placement.directory(), new TreeExtractor.Ownership.Unpacker(),
                            placement.rename());
                    return TarPipe.run(archiver -> archiver.add(from.fd(), from.top()), extractor::extract);
                }
            }
        });
    }

    /** {@code cp CONTAINER:SOURCE -}: the tar stream, written to {@code out}, which stays open. */
    public void archiveFromContainer(String container, String source, boolean followLink, WritableByteChannel out) {
        withView(container, false, (view, record) -> {
            try (Resource from = containerSource(view, container, source, followLink, false)) {
                TreeArchiver archiver = new TreeArchiver(TarBlocks.to(out));
                archiver.add(from.fd(), from.top());
                archiver.finish();
                return null;
            }
        });
    }

    /**
     * {@code cp SOURCE CONTAINER:DESTINATION}; {@code source} is an absolute local path that keeps
     * the trailing {@code /} or {@code /.} the user gave; {@code copyOwner} is {@code -a}. Returns
     * the archive's length.
     */
    public long copyToContainer(String source, String container, String destination, boolean followLink, boolean copyOwner) {
        try (Resource from = HostFiles.source(source, followLink)) {
            return withView(container, true, (view, record) -> {
                Placement placement = Placement.of(from.top(), from.stat().isDirectory(), containerDestination(view, container, destination));
                return extractInto(view, record, container, placement.directory(), copyOwner, placement.rename(),
                        extractor -> TarPipe.run(archiver -> archiver.add(from.fd(), from.top()), extractor::extract));
            });
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** {@code cp - CONTAINER:DESTINATION}: a tar stream (compressed or not) unpacked into a directory. */
    public void extractToContainer(InputStream tar, String container, String destination, boolean copyOwner) {
        withView(container, true, (view, record) -> {
            Placement.Destination into = containerDestination(view, container, destination);
            if (!into.directory()) {
                throw new CopyException("destination \"" + container + ":" + destination + "\" must be a directory");
            }
            return extractInto(view, record, container, into.path(), copyOwner, UnaryOperator.identity(), extractor -> {
                try {
                    extractor.extract(Decompressor.open(tar).stream());
                } catch (InvalidArchiveException e) {
                    throw new CopyException(e.getMessage(), e);
                }
                return 0L;
            });
        });
    }

    /**
     * The source in the container, as Docker's daemon archives it: named after the path's last
     * component; with {@code followLink} a symbolic link is replaced by what it leads to, named
     * after the link when {@code keepLinkName} (Docker's client renames it so, except for a stream).
     */
    private static Resource containerSource(ContainerView view, String container, String source, boolean followLink,
            boolean keepLinkName) throws IOException {
        RootedDir root = view.root();
        String path = CopyPaths.inContainer(source);
        Resource resource = Resource.of(open(root, path, source, container), top(path));
        if (!followLink || !resource.stat().isSymbolicLink()) {
            return resource;
        }
        resource.close();
        String target = root.resolve(path);
        return Resource.of(open(root, target, target, container), keepLinkName ? top(path) : top(target));
    }

    /** The name an archive of {@code path} starts with: its last component ({@code .} for the root). */
    private static String top(String path) {
        String base = CopyPaths.base(path);
        return base.equals("/") ? "." : base;
    }

    /** {@code path} in the container, its last component followed only after a trailing {@code /}. */
    private static int open(RootedDir root, String path, String asGiven, String container) throws LinuxException {
        try {
            return root.open(path, false);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT) {
                throw CopyException.notFound(asGiven, container);
            }
            throw new CopyException("lstat " + path + ": " + HostFiles.describe(e), e);
        }
    }

    /**
     * What a copy's destination in the container is, as Docker's client learns it: a symbolic
     * link stands for what it leads to; what cannot be found is taken as not existing yet.
     */
    private static Placement.Destination containerDestination(ContainerView view, String container, String destination) {
        RootedDir root = view.root();
        String path = destination;
        try {
            FileStat stat = root.lstat(CopyPaths.inContainer(path));
            if (stat.isSymbolicLink()) {
                path = root.resolve(CopyPaths.inContainer(path));
                stat = root.lstat(path);
            }
            if (stat.isDevice()) {
                throw new CopyException("destination \"" + container + ":" + destination
                        + "\" must be a directory or a regular file: got a device");
            }
            return new Placement.Destination(path, true, stat.isDirectory());
        } catch (LinuxException e) {
            return new Placement.Destination(path, false, false);
        }
    }

    /** Docker's daemon's extraction: into an existing, writable directory, owned as asked. */
    private static long extractInto(ContainerView view, ContainerRecord record, String container, String directory,
            boolean copyOwner, UnaryOperator<String> rename, Extraction extraction) throws IOException {
        RootedDir root = view.root();
        String path = CopyPaths.inContainer(directory);
        int fd;
        try {
            fd = root.open(path, true);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT) {
                throw CopyException.notFound(directory, container);
            }
            throw e;
        }
        try (RootedDir into = new RootedDir(fd)) {
            if (!AtFiles.stat(fd).isDirectory()) {
                throw new CopyException("extraction point is not a directory");
            }
            String resolved = root.resolve(path);
            view.whyReadOnly(resolved).ifPresent(reason -> {
                throw new CopyException(reason);
            });
            return extraction.run(new TreeExtractor(into, resolved, ownership(view, record, copyOwner), rename));
        }
    }

    /** Without {@code -a} the archive's owners; with it, the container's user, as Docker's {@code applyTarCopyUserOptions}. */
    private static TreeExtractor.Ownership ownership(ContainerView view, ContainerRecord record, boolean copyOwner) throws IOException {
        String user = record.config().user();
        if (!copyOwner || user == null || user.isEmpty()) {
            return new TreeExtractor.Ownership.FromArchive();
        }
        User resolved = UserResolver.resolve(view.root()::readLines, user).user();
        return new TreeExtractor.Ownership.Fixed(resolved.uid(), resolved.gid());
    }

    @FunctionalInterface
    private interface Extraction {
        long run(TreeExtractor extractor) throws IOException;
    }

    @FunctionalInterface
    private interface ViewAction<T> {
        T apply(ContainerView view, ContainerRecord record) throws IOException;
    }

    /**
     * Runs {@code action} on a view of the container's file system, under the container's lock; a
     * container that does not run has its root file system mounted meanwhile.
     */
    private <T> T withView(String reference, boolean forWriting, ViewAction<T> action) {
        String id = lookup.find(reference).id();
        try (StateStore.Lock lock = store.get().lock(id)) {
            ContainerRecord record = lookup.byId(id).orElseThrow(() -> new NoSuchContainerException(reference));
            StorageDriver storage = drivers.named(DriverKind.STORAGE, record.storageDriver(), StorageDriver.class);
            boolean running = ContainerService.isRunning(record);
            Path rootfs = storage.mountRootfs(id);
            try (ContainerView view = ContainerView.open(rootfs, record.hostConfig().mounts(), record.hostConfig().readonlyRootfs(),
                    forWriting)) {
                return action.apply(view, record);
            } finally {
                if (!running) {
                    storage.unmountRootfs(id);
                }
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static CopyException failed(IOException e) {
        return new CopyException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
}
