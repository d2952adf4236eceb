package io.jocker.engine.image;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * A layer's size as Docker reports it in {@code images} and {@code history}: the bytes of what it
 * unpacked to, counted as moby's {@code directory.Size} counts a layer directory. Every entry but
 * a directory counts, each inode once (a hard link adds nothing), a symbolic link by the length
 * of its target; whiteouts are empty. Tar headers and padding, which the tar's own size includes,
 * do not count.
 */
final class LayerContentSize {

    private LayerContentSize() {}

    static long of(Path layerDir) throws IOException {
        Set<Object> inodes = new HashSet<>();
        long[] total = {0};
        Files.walkFileTree(layerDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                Object inode = attributes.fileKey();
                if (inode == null || inodes.add(inode)) {
                    total[0] += attributes.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
