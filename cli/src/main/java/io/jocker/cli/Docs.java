package io.jocker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the man pages and the shell completion scripts of the whole command line model into a
 * distribution, at build time: {@code share/man/man1/jocker*.1} and
 * {@code share/completion/jocker.{bash,zsh,fish}}. Nothing of this runs when jocker runs.
 */
public final class Docs {

    private Docs() {}

    /** {@code Docs DIST_DIR VERSION}. */
    public static void main(String[] args) throws IOException {
        Path dist = Path.of(args[0]);
        String version = args[1];
        CommandLine root = model();
        Path man = Files.createDirectories(dist.resolve("share/man/man1"));
        for (CommandLine command : commands(root)) {
            Files.writeString(man.resolve(ManPages.fileName(command.getCommandSpec())), ManPages.page(command.getCommandSpec(), version));
        }
        Path completion = Files.createDirectories(dist.resolve("share/completion"));
        Files.writeString(completion.resolve("jocker.bash"), bash(root));
        Files.writeString(completion.resolve("jocker.zsh"), bash(root));
        Files.writeString(completion.resolve("jocker.fish"), FishCompletion.script(root));
    }

    /** The whole model, as {@code jocker --help} sees it. */
    static CommandLine model() {
        PrintWriter discard = new PrintWriter(new StringWriter());
        return Cli.commandLine(discard, discard);
    }

    /** picocli's script serves bash, and zsh through its bash completion emulation, which the script turns on itself. */
    static String bash(CommandLine root) {
        return AutoComplete.bash("jocker", root);
    }

    /** Every command of the model once (not its aliases), parents first. */
    static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        root.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                all.addAll(commands(sub));
            }
        });
        return all;
    }
}
