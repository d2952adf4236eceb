package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --group-add resolved in the container's /etc/group, as Docker resolves it. */
class GroupAddTest {

    @TempDir
    Path rootfs;

    @Test
    void namesAndIdsOfTheContainersGroupFileAndBareNumbers() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\naudio:x:29:\nstaff:x:50:\n");
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        UserResolver.Resolved resolved = UserResolver.resolve(rootfs, "root", List.of("audio", "50", "4242"));
        assertEquals(List.of(29, 50, 4242), resolved.user().additionalGids());
        assertEquals(0, resolved.user().gid());
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> UserResolver.resolve(rootfs, "root", List.of("nosuch")));
        assertEquals("Unable to find group nosuch: no matching entries in group file", e.getMessage());
    }
}
