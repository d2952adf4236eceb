package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.Mount;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountedPathsTest {

    private final MountedPaths mounted = new MountedPaths(List.of(
            new Mount("bind", "/c/hosts", "/etc/hosts", List.of("rbind")),
            new Mount("volume", "/var/lib/jocker/volumes/v/_data", "/data/", List.of())));

    @Test
    void contentsOfMountsAndFileMountPointsAreExcludedDirectoryMountPointsStay() {
        assertTrue(mounted.excludes("etc/hosts", false));
        assertTrue(mounted.excludes("data/file", false));
        assertTrue(mounted.excludes("data/sub", true));
        assertFalse(mounted.excludes("data", true), "the mount point directory stays, empty");
        assertFalse(mounted.excludes("etc", true));
        assertFalse(mounted.excludes("etc/hostsfile", false));
        assertFalse(mounted.excludes("database", false));
    }
}
