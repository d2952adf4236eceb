package io.jocker.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.linux.Fds;
import io.jocker.linux.RootedDir;
import io.jocker.testing.SymlinkSwapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copy-up reads the image's files at a volume's mount point out of the container's root file
 * system; here a directory of it keeps turning into a symbolic link to a host directory. Nothing
 * of the host may ever land in the volume, and the volume gets the container's files as they are.
 */
class CopyUpRaceTest {

    private static final int ROUNDS = 300;

    @TempDir
    Path tmp;

    @Test
    void aSwappedDirectoryNeverCopiesTheHostIntoTheVolume() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("secret"), "HOST");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Path data = Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(Files.createDirectories(data.resolve("sub")).resolve("file"), "CONTAINER");
        int copiedSub = 0;
        try (RootedDir root = RootedDir.of(rootfs);
                SymlinkSwapper swapper = SymlinkSwapper.towards(data, "sub", host)) {
            int source = root.open("/data", true);
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    Path volume = Files.createDirectory(tmp.resolve("volume" + i));
                    CopyUp.copy(source, volume);
                    for (Path file : files(volume)) {
                        assertFalse(Files.readString(file).contains("HOST"), "copied the host's " + file);
                    }
                    Path sub = volume.resolve("sub");
                    if (Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS)) {
                        assertEquals(List.of(sub.resolve("file")), files(sub));
                        copiedSub++;
                    } else {
                        assertTrue(Files.isSymbolicLink(sub), "neither the directory nor the link: " + sub);
                    }
                }
            } finally {
                Fds.closeQuietly(source);
            }
        }
        assertTrue(copiedSub > 0 && copiedSub < ROUNDS, "the race never ran: the directory was copied " + copiedSub + " times");
        try (Stream<Path> listing = Files.list(host)) {
            assertEquals(1, listing.count());
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }
}
