package io.jocker.cli;

import io.jocker.engine.host.Platforms;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker load}: images from a docker-archive or OCI layout archive, plain or compressed. */
@Command(name = "load", description = "Load an image from a tar archive or STDIN")
final class LoadCommand implements Runnable, Attaching {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Read from tar archive file, instead of STDIN")
    String input;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the load output")
    boolean quiet;

    @Option(names = "--platform", paramLabel = "PLATFORM", description = "Load only the given platform variant (jocker: its host's only)")
    String platform;

    @Override
    public void run() {
        Platforms.requireHost(platform);
        List<String> loaded = ImageCommands.withStore(jocker, store -> {
            if (input == null) {
                return store.load(System.in);
            }
            try {
                return store.load(jocker.caller().resolve(Path.of(input)));
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException("open " + input + ": no such file or directory");
            }
        });
        if (!quiet) {
            loaded.forEach(spec.commandLine().getOut()::println);
        }
        spec.commandLine().getOut().flush();
    }

    @Override
    public boolean attachesTerminal() {
        return input == null;
    }
}
