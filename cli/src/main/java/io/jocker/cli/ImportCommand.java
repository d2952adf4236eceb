package io.jocker.cli;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.host.Platforms;
import io.jocker.images.ImportRequest;
import io.jocker.images.NotATarException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker import}: a root file system tar (plain, gzip, bzip2, xz or zstd) becomes a one-layer image. */
@Command(name = "import", description = "Import the contents from a tarball to create a filesystem image")
final class ImportCommand implements Runnable, Attaching {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION", description = "Apply a Dockerfile instruction (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL)")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "Set commit message for imported image")
    String message;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The tar archive, or - for standard input")
    String file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Option(names = "--platform", paramLabel = "PLATFORM", description = "Set platform if server is multi-platform capable (jocker: its host's only)")
    String platform;

    @Override
    public void run() {
        Platforms.requireHost(platform);
        String id;
        try {
            id = importImage();
        } catch (EngineException e) {
            // Input that is no tar at all is a wrong argument, refused before anything was done.
            throw e.getCause() instanceof NotATarException ? new InvalidOptionException(e) : e;
        }
        spec.commandLine().getOut().println(id);
        spec.commandLine().getOut().flush();
    }

    private String importImage() {
        return ImageCommands.withStore(jocker, store -> {
            ImportRequest request = new ImportRequest(file, reference, changes, message);
            if (file.equals("-")) {
                return store.importImage(System.in, request);
            }
            // Checked first, so that a file missing inside the import is not reported as the input missing.
            Path tar = jocker.caller().resolve(Path.of(file));
            if (!Files.exists(tar)) {
                throw new NoSuchFileException("open " + file + ": no such file or directory");
            }
            return store.importImage(tar, request);
        });
    }

    @Override
    public boolean attachesTerminal() {
        return file.equals("-");
    }
}
