package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.linux.RootedDir;
import io.jocker.testing.SymlinkSwapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount's destination inside a volume that another, running container shares (runc's
 * CVE-2021-30465): while the init creates the mount points, a directory on their way keeps
 * turning into a symbolic link to a host directory. Nothing may ever be created outside the root.
 */
class MountTargetRaceTest {

    private static final int ROUNDS = 2000;

    @TempDir
    Path tmp;

    @Test
    void mountPointsAreNeverCreatedOnTheHost() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path shared = Files.createDirectories(root.resolve("shared/a"));
        int created = 0;
        try (RootedDir rooted = RootedDir.of(root); SymlinkSwapper swapper = SymlinkSwapper.towards(shared.getParent(), "a", host)) {
            for (int i = 0; i < ROUNDS; i++) {
                try {
                    RootfsSetup.createTarget(rooted, "/shared/a/dir" + i + "/sub", true);
                    RootfsSetup.createTarget(rooted, "/shared/a/file" + i, false);
                    created++;
                } catch (IOException e) {
                    // The link, resolved inside the root, may lead where a file is in the way.
                }
                try (Stream<Path> listing = Files.list(host)) {
                    assertEquals(List.of(), listing.toList(), "created a mount point on the host");
                }
            }
        }
        assertTrue(created > 0, "no mount point was ever created");
        try (Stream<Path> listing = Files.list(shared)) {
            int inside = (int) listing.count();
            assertTrue(inside > 0 && inside < 2 * ROUNDS, "the race never ran: " + inside + " of " + 2 * ROUNDS + " created in the volume");
        }
    }
}
