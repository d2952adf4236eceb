package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A command line's model holds its own command only, or every command where it needs them all. */
class SubcommandsTest {

    @Test
    void theCommandIsFoundBehindTheTopLevelOptionsInEitherForm() {
        assertEquals(ImagesCommand.class, Subcommands.invokedBy("images"));
        assertEquals(PsCommand.class, Subcommands.invokedBy("--root", "/x", "-l", "debug", "ps", "-a"));
        assertEquals(ImagesCommand.class, Subcommands.invokedBy("--root=/x", "--storage-driver", "overlay", "images"));
        assertEquals(RunCommand.class, Subcommands.invokedBy("-D", "--cgroup-driver", "v1", "run", "busybox", "ps", "--help"));
        assertEquals(VolumeCommand.class, Subcommands.invokedBy("volume", "ls"));
        assertEquals(ImagesCommand.class, Subcommands.invokedBy("images", "--help"));
    }

    @Test
    void helpCompletionAndMistakesGetEveryCommand() {
        assertNull(Subcommands.invokedBy());
        assertNull(Subcommands.invokedBy("--help"));
        assertNull(Subcommands.invokedBy("--root", "/x"));
        assertNull(Subcommands.invokedBy("completion", "bash"));
        assertNull(Subcommands.invokedBy("help", "ps"));
        assertNull(Subcommands.invokedBy("imags"));
        assertNull(Subcommands.invokedBy("--no-such-option", "images"));
        assertNull(Subcommands.invokedBy("--root"));
    }
}
