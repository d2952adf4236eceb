package io.jocker.storage.overlay;

import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver.ChangeVisitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Reads overlayfs's upper directory back as OCI-style changes. */
final class OverlayDiff {

    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private final KernelOps kernel;

    OverlayDiff(KernelOps kernel) {
        this.kernel = kernel;
    }

    /** Visits {@code upper} in sorted pre-order, so parents come before their children. */
    void walk(Path upper, ChangeVisitor visitor) throws IOException {
        walk(upper, upper, visitor);
    }

    private void walk(Path upper, Path dir, ChangeVisitor visitor) throws IOException {
        for (Path child : sortedChildren(dir)) {
            String relative = upper.relativize(child).toString();
            if (isWhiteout(child)) {
                visitor.deleted(relative);
                continue;
            }
            visitor.changed(relative, child);
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                if (isOpaque(child)) {
                    visitor.opaqued(relative);
                }
                walk(upper, child, visitor);
            }
        }
    }

    /** overlayfs records a deletion as a character device 0:0. */
    static boolean isWhiteout(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFCHR && (Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS) == 0L;
    }

    boolean isOpaque(Path dir) throws IOException {
        return kernel.getXattr(dir, OPAQUE_XATTR)
                .map(value -> new String(value, StandardCharsets.US_ASCII).equals("y"))
                .orElse(false);
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            Path[] sorted = children.toArray(Path[]::new);
            Arrays.sort(sorted);
            return List.of(sorted);
        }
    }
}
