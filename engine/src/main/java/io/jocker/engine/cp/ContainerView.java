package io.jocker.engine.cp;

import io.jocker.engine.tree.GoPaths;
import io.jocker.linux.AtFiles;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.MountTrees;
import io.jocker.linux.RootedDir;
import io.jocker.spi.Mount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's file system as {@code cp} sees it, as Docker's daemon builds it for {@code cp}:
 * the root file system with the container's bind mounts and volumes (and its generated /etc
 * files) on it; tmpfs mounts are left out, so what lies beneath them is copied. It is a detached
 * mount tree: a copy of the root file system's mount with copies of the mounts' sources attached,
 * held by one descriptor and visible in no mount namespace, so building it mounts nothing
 * anywhere and closing it (or the process dying) leaves nothing behind. Writes through it reach
 * the container's own file system and volumes; read-only volumes (and the root file system of a
 * {@code --read-only} container) are read-only in it too.
 */
final class ContainerView implements AutoCloseable {

    private final RootedDir root;
    private final List<Mount> mounts;
    private final boolean readOnlyRootfs;

    private ContainerView(RootedDir root, List<Mount> mounts, boolean readOnlyRootfs) {
        this.root = root;
        this.mounts = mounts;
        this.readOnlyRootfs = readOnlyRootfs;
    }

    /**
     * The view of the root file system mounted at {@code rootfs} with {@code mounts} (in the
     * order they are mounted) on it. A mount point that does not exist yet is created, as Docker
     * and the container's own start create it. A view not {@code forWriting} is read-only
     * throughout.
     */
    static ContainerView open(Path rootfs, List<Mount> mounts, boolean readOnlyRootfs, boolean forWriting) throws IOException {
        int dir = Fds.open(rootfs.toString(), Fds.O_PATH | AtFiles.O_DIRECTORY | Fds.O_CLOEXEC);
        RootedDir root;
        try {
            root = new RootedDir(MountTrees.cloneTree(dir, false));
        } finally {
            Fds.closeQuietly(dir);
        }
        List<Mount> attached = new ArrayList<>();
        try {
            for (Mount mount : mounts) {
                if (mount.type().equals("bind")) {
                    attach(root, mount);
                    attached.add(mount);
                }
            }
            if (!forWriting) {
                MountTrees.makeReadOnly(root.fd(), true);
            } else if (readOnlyRootfs) {
                MountTrees.makeReadOnly(root.fd(), false);
            }
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
        return new ContainerView(root, List.copyOf(attached), readOnlyRootfs);
    }

    private static void attach(RootedDir root, Mount mount) throws IOException {
        int source;
        try {
            source = Fds.open(mount.source(), Fds.O_PATH | Fds.O_CLOEXEC);
        } catch (LinuxException e) {
            throw new IOException("cannot mount " + mount.source() + " at " + mount.destination() + ": "
                    + (e.errno() == Errno.ENOENT ? "the source does not exist" : e.getMessage()), e);
        }
        try {
            boolean directory = AtFiles.stat(source).isDirectory();
            int target = root.openCreating(mount.destination(), !directory);
            try {
                int tree = MountTrees.cloneTree(source, mount.options().contains("rbind"));
                try {
                    if (mount.readOnly()) {
                        MountTrees.makeReadOnly(tree, true);
                    }
                    MountTrees.attach(tree, target);
                } finally {
                    Fds.closeQuietly(tree);
                }
            } finally {
                Fds.closeQuietly(target);
            }
        } finally {
            Fds.closeQuietly(source);
        }
    }

    RootedDir root() {
        return root;
    }

    /**
     * Docker's {@code checkWritablePath}: a path inside a read-only volume, or outside every volume
     * of a container with a read-only root file system, cannot be written; {@code resolved} is a
     * path with its links resolved ({@link RootedDir#resolve}).
     */
    Optional<String> whyReadOnly(String resolved) {
        Mount deepest = null;
        for (Mount mount : mounts) {
            String destination = GoPaths.clean(mount.destination());
            if ((resolved.equals(destination) || resolved.startsWith(destination.equals("/") ? "/" : destination + "/"))
                    && (deepest == null || destination.length() > GoPaths.clean(deepest.destination()).length())) {
                deepest = mount;
            }
        }
        if (deepest != null) {
            return deepest.readOnly() ? Optional.of("mounted volume is marked read-only") : Optional.empty();
        }
        return readOnlyRootfs ? Optional.of("container rootfs is marked read-only") : Optional.empty();
    }

    @Override
    public void close() {
        root.close();
    }
}
