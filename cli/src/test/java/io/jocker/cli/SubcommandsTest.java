package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line's model holds its own command only, or every command where it needs them all. */
class SubcommandsTest {

    @Test
    void theCommandIsFoundBehindTheTopLevelOptionsInEitherForm() {
        assertEquals("images", invokedBy("images"));
        assertEquals("ps", invokedBy("--root", "/x", "-l", "debug", "ps", "-a"));
        assertEquals("images", invokedBy("--root=/x", "--storage-driver", "overlay", "images"));
        assertEquals("run", invokedBy("-D", "--cgroup-driver", "v1", "run", "busybox", "ps", "--help"));
        assertEquals("volume", invokedBy("volume", "ls"));
        assertEquals("images", invokedBy("images", "--help"));
        assertEquals("container", invokedBy("--root", "/x", "container", "ls", "-a"));
        assertEquals("system", invokedBy("system", "df"));
    }

    @Test
    void helpCompletionAndMistakesGetEveryCommand() {
        assertNull(invokedBy());
        assertNull(invokedBy("--help"));
        assertNull(invokedBy("--root", "/x"));
        assertNull(invokedBy("completion", "bash"));
        assertNull(invokedBy("help", "ps"));
        assertNull(invokedBy("imags"));
        assertNull(invokedBy("--no-such-option", "images"));
        assertNull(invokedBy("--root"));
    }

    @Test
    void findingTheCommandLeavesTheModelRefusingWhatItDoesNotKnow() {
        CommandLine top = new CommandLine(new JockerCommand());

        assertNull(Subcommands.invokedBy(top, "--root", "/x", "bogus"));

        assertThrows(CommandLine.UnmatchedArgumentException.class, () -> top.parseArgs("--root", "/x", "bogus"));
    }

    @Test
    void eachCommandIsListedUnderTheNameItsAnnotationGivesIt() {
        for (Subcommands.Entry entry : Subcommands.ALL) {
            assertEquals(entry.command().getAnnotation(CommandLine.Command.class).name(), entry.name(), entry.command().getName());
            assertEquals(entry.command(), Subcommands.named(entry.name()));
        }
        assertNull(Subcommands.named("bogus"));
    }

    private static String invokedBy(String... args) {
        return Subcommands.invokedBy(new CommandLine(new JockerCommand()), args);
    }
}
