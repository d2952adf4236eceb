package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The man pages and completion scripts the build puts into the distribution. */
class DocsTest {

    @TempDir
    Path tmp;

    @Test
    void everyCommandGetsAManPageUnderItsOwnName() throws Exception {
        Docs.main(new String[] {tmp.toString(), "1.2.3"});
        Path man = tmp.resolve("share/man/man1");
        for (CommandLine command : Docs.commands(Docs.model())) {
            assertTrue(Files.exists(man.resolve(ManPages.fileName(command.getCommandSpec()))), command.getCommandSpec().qualifiedName());
        }
        String ls = Files.readString(man.resolve("jocker-container-ls.1"));
        assertTrue(ls.startsWith(".TH \"JOCKER-CONTAINER-LS\" 1 \"\" \"jocker 1.2.3\""), ls);
        assertTrue(ls.contains("\n.SH NAME\njocker\\-container\\-ls \\- List containers\n"), ls);
        assertTrue(ls.contains("\\fB\\-f\\fR, \\fB\\-\\-filter\\fR \\fIKEY=VALUE\\fR"), ls);
        assertTrue(Files.readString(man.resolve("jocker-system.1")).contains("\\fBdf\\fR"));
        assertTrue(Files.exists(tmp.resolve("share/completion/jocker.fish")));
    }

    @Test
    void textCannotBecomeATroffRequest() {
        assertEquals("\\&.so /etc/passwd\n\\&'x \\e \\-", ManPages.escape(".so /etc/passwd\n'x \\ -"));
    }

    @Test
    void bashCompletesGroupsAndTheirCommands() throws Exception {
        Path script = Files.writeString(tmp.resolve("jocker.bash"), Docs.bash(Docs.model()));
        assertEquals("logs ls list", complete(script, "jocker", "container", "l"));
        assertEquals("--volumes", complete(script, "jocker", "system", "prune", "--vo"));
    }

    @Test
    void fishCompletesAGroupsCommandsOnlyAfterTheGroup() {
        String fish = FishCompletion.script(Docs.model());
        assertTrue(fish.contains("complete -c jocker -n '__fish_use_subcommand' -a 'container' -d 'Manage containers'\n"), fish);
        assertTrue(fish.lines().anyMatch(l -> l.startsWith("complete -c jocker -n '__fish_seen_subcommand_from container; and not "
                + "__fish_seen_subcommand_from ") && l.endsWith(" -a 'ls' -d 'List containers'")), fish);
        assertTrue(fish.contains("complete -c jocker -n '__fish_seen_subcommand_from system; and __fish_seen_subcommand_from prune'"
                + " -l volumes -d 'Prune anonymous volumes'\n"), fish);
    }

    private static String complete(Path script, String... words) throws Exception {
        String array = String.join(" ", words);
        Process bash = new ProcessBuilder("bash", "-c", "source " + script + " 2>/dev/null; COMP_WORDS=(" + array + "); COMP_CWORD="
                + (words.length - 1) + "; _complete_jocker 2>/dev/null; echo \"${COMPREPLY[@]}\"").start();
        assertTrue(bash.waitFor(60, TimeUnit.SECONDS));
        return new String(bash.getInputStream().readAllBytes()).strip();
    }
}
