package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.linux.AtFiles;
import io.jocker.linux.Fds;
import io.jocker.linux.RootedDir;
import io.jocker.linux.Terminals;
import io.jocker.spi.CommandInvocationException;
import io.jocker.spi.IsolationException;
import io.jocker.spi.ProcessSpec;
import io.jocker.spi.User;
import io.jocker.testing.SymlinkSwapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What exec looks up in a running container from the host (the working directory, the command
 * on the PATH, the terminal multiplexer), while a directory of the container keeps turning into a
 * symbolic link to a host directory: nothing of the host may ever be found or opened.
 */
class ExecPathRaceTest {

    private static final int ROUNDS = 3000;

    @TempDir
    Path tmp;

    @Test
    void theWorkingDirectoryAndTheCommandAreNeverFoundOnTheHost() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.createDirectories(host.resolve("hostonly"));
        executable(host.resolve("hostcmd"));
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path w = Files.createDirectories(root.resolve("w"));
        Files.createDirectories(w.resolve("inside"));
        executable(w.resolve("insidecmd"));
        int foundInside = 0;
        int missedInside = 0;
        try (RootedDir rooted = RootedDir.of(root); SymlinkSwapper swapper = SymlinkSwapper.towards(root, "w", host)) {
            for (int i = 0; i < ROUNDS; i++) {
                assertThrows(IsolationException.class, () -> ContainerExec.checkWorkingDirectory(rooted, "/w/hostonly"),
                        "took the host's directory as the working directory");
                assertThrows(CommandInvocationException.class, () -> ContainerExec.resolve(rooted, onPath("hostcmd")),
                        "found the host's command");
                try {
                    ContainerExec.checkWorkingDirectory(rooted, "/w/inside");
                    assertEquals("/w/insidecmd", ContainerExec.resolve(rooted, onPath("insidecmd")));
                    foundInside++;
                } catch (IsolationException e) {
                    missedInside++;
                }
            }
        }
        int found = foundInside;
        int missed = missedInside;
        assertTrue(found > 0 && missed > 0, () -> "the race never ran: " + found + " found, " + missed + " missed");
    }

    @Test
    void onlyTheContainersOwnMultiplexerIsEverOpened() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path dev = Files.createDirectories(root.resolve("dev"));
        Files.writeString(Files.createDirectories(dev.resolve("pts")).resolve("ptmx"), "");
        try (RootedDir rooted = RootedDir.of(root); SymlinkSwapper swapper = SymlinkSwapper.towards(dev, "pts", Path.of("/dev/pts"))) {
            for (int i = 0; i < ROUNDS; i++) {
                // The container's is a regular file here, the host's /dev/pts/ptmx a real one.
                assertThrows(IOException.class, () -> Fds.close(ContainerExec.openMaster(rooted)), "opened the host's ptmx");
            }
        }
    }

    @Test
    void theTerminalIsGivenToTheUserThroughItsDescriptor() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        Terminals.Pty pty = Terminals.openPty();
        try {
            ContainerExec.giveSlave(pty.master(), 4321);
            int slave = Fds.open(pty.slavePath(), Fds.O_PATH | Fds.O_CLOEXEC);
            try {
                assertEquals(4321, AtFiles.stat(slave).uid());
            } finally {
                Fds.closeQuietly(slave);
            }
        } finally {
            Fds.closeQuietly(pty.master());
        }
    }

    private static ProcessSpec onPath(String command) {
        return new ProcessSpec(List.of(command), List.of("PATH=/w"), "/", User.ROOT);
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
