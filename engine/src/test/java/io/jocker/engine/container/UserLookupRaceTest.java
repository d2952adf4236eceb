package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.SymlinkSwapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run -u} and {@code exec -u} read the container's {@code /etc/passwd} and
 * {@code /etc/group} from the host while the container may run: here its {@code /etc} keeps
 * turning into a symbolic link to a host directory whose files name the same user and group with
 * other ids. The host's files must never be read.
 */
class UserLookupRaceTest {

    private static final int ROUNDS = 3000;

    @TempDir
    Path tmp;

    @Test
    void theHostsUserAndGroupFilesAreNeverRead() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("passwd"), "alice:x:4242:4242::/host:/bin/sh\n");
        Files.writeString(host.resolve("group"), "staff:x:4343:\n");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "alice:x:1000:1000::/home/alice:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "staff:x:50:\n");
        int container = 0;
        int nothing = 0;
        try (SymlinkSwapper swapper = SymlinkSwapper.towards(rootfs, "etc", host)) {
            for (int i = 0; i < ROUNDS; i++) {
                UserResolver.Resolved resolved;
                try {
                    resolved = UserResolver.resolve(rootfs, "alice", List.of("staff"));
                } catch (RuntimeException | IOException e) {
                    nothing++; // The link, resolved inside the root, leads to no such file.
                    continue;
                }
                assertNotEquals(4242, resolved.user().uid(), "read the host's passwd");
                assertTrue(resolved.user().additionalGids().stream().noneMatch(gid -> gid == 4343), "read the host's group");
                container++;
            }
        }
        int found = container;
        int missed = nothing;
        assertTrue(container > 0 && nothing > 0, () -> "the race never ran: " + found + " found, " + missed + " not found");
    }
}
