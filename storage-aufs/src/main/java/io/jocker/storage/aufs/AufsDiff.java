package io.jocker.storage.aufs;

import io.jocker.spi.StorageDriver.ChangeVisitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Reads an aufs writable branch back as OCI-style changes. */
final class AufsDiff {

    private AufsDiff() {}

    /** Visits {@code branch} in sorted pre-order, so parents come before their children. */
    static void walk(Path branch, ChangeVisitor visitor) throws IOException {
        walk(branch, branch, visitor);
    }

    private static void walk(Path branch, Path dir, ChangeVisitor visitor) throws IOException {
        for (Path child : sortedChildren(dir)) {
            String name = child.getFileName().toString();
            if (dir.equals(branch) && AufsWhiteouts.METADATA.contains(name) || name.equals(AufsWhiteouts.OPAQUE)) {
                continue;
            }
            if (name.startsWith(AufsWhiteouts.PREFIX)) {
                visitor.deleted(branch.relativize(dir.resolve(name.substring(AufsWhiteouts.PREFIX.length()))).toString());
                continue;
            }
            String relative = branch.relativize(child).toString();
            visitor.changed(relative, child);
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(child.resolve(AufsWhiteouts.OPAQUE), LinkOption.NOFOLLOW_LINKS)) {
                    visitor.opaqued(relative);
                }
                walk(branch, child, visitor);
            }
        }
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            Path[] sorted = children.toArray(Path[]::new);
            Arrays.sort(sorted);
            return List.of(sorted);
        }
    }
}
