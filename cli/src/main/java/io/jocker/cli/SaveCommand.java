package io.jocker.cli;

import io.jocker.images.ImageStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jocker save}: images as one archive that both {@code docker load} and OCI tools read. */
@Command(name = "save", description = "Save one or more images to a tar archive (streamed to STDOUT by default)")
final class SaveCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to a file, instead of STDOUT")
    String output;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public void run() {
        ImageStore store = jocker.engine().images();
        OutputTarget.write(jocker.caller(), output, out -> store.save(images, out));
    }
}
