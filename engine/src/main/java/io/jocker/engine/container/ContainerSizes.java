package io.jocker.engine.container;

import io.jocker.spi.StorageDriver;
import io.jocker.spi.StorageDriver.ChangeVisitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * A container's {@code SizeRw}: the bytes of the files in its writable layer, as Docker's
 * {@code directory.Size} counts them (regular files and symbolic links by their size, each inode
 * once; directories and whiteouts as nothing).
 */
final class ContainerSizes {

    private ContainerSizes() {}

    static long writableLayer(StorageDriver storage, String id) throws IOException {
        long[] total = {0};
        Set<Object> seen = new HashSet<>();
        storage.diff(id, new ChangeVisitor() {
            @Override
            public void changed(String relativePath, Path file) throws IOException {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if ((a.isRegularFile() || a.isSymbolicLink()) && (a.fileKey() == null || seen.add(a.fileKey()))) {
                    total[0] += a.size();
                }
            }

            @Override
            public void deleted(String relativePath) {
                // A whiteout holds no data.
            }

            @Override
            public void opaqued(String relativeDir) {
                // Nor does an opaque directory's mark.
            }
        });
        return total[0];
    }
}
