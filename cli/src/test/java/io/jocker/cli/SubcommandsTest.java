package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A command line's model holds its own command only, or every command where it needs them all. */
class SubcommandsTest {

    @Test
    void theCommandIsFoundBehindTheTopLevelOptionsInEitherForm() {
        assertEquals("images", Subcommands.invokedBy("images"));
        assertEquals("ps", Subcommands.invokedBy("--root", "/x", "-l", "debug", "ps", "-a"));
        assertEquals("images", Subcommands.invokedBy("--root=/x", "--storage-driver", "overlay", "images"));
        assertEquals("run", Subcommands.invokedBy("-D", "--cgroup-driver", "v1", "run", "busybox", "ps", "--help"));
        assertEquals("volume", Subcommands.invokedBy("volume", "ls"));
        assertEquals("images", Subcommands.invokedBy("images", "--help"));
        assertEquals("container", Subcommands.invokedBy("--root", "/x", "container", "ls", "-a"));
        assertEquals("system", Subcommands.invokedBy("system", "df"));
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
