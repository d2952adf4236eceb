package io.jocker.engine.volume;

import io.jocker.engine.tree.TreeCopy;
import io.jocker.linux.AtFiles;
import io.jocker.linux.FileStat;
import io.jocker.linux.RootedDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Docker's copy-up: an empty volume first mounted where the image has files gets a copy of them,
 * with their owners, modes and times; links are copied as links, never followed. Both ends are
 * held by descriptor ({@link TreeCopy}): the image's side is the container's root, and a volume
 * may already be in use by another, running container that rearranges it meanwhile.
 */
final class CopyUp {

    private CopyUp() {}

    /**
     * Copies the tree under {@code source} (an O_PATH descriptor of a directory) into the existing,
     * empty volume directory {@code target}, which then takes the source's owner, mode and times.
     */
    static void copy(int source, Path target) throws IOException {
        try (RootedDir into = RootedDir.of(target)) {
            TreeCopy.copyContents(source, into, target.toString());
            FileStat stat = AtFiles.stat(source);
            AtFiles.chown(into.fd(), stat.uid(), stat.gid());
            AtFiles.chmod(into.fd(), stat.permissions());
            // The volume's own directory is jocker's, not a container's: its times are set by path.
            FileTime mtime = FileTime.from(Instant.ofEpochSecond(stat.mtimeSeconds(), stat.mtimeNanos()));
            Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, null, null);
        }
    }
}
