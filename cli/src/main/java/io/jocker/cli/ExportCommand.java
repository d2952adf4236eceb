package io.jocker.cli;

import io.jocker.engine.Containers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jocker export}: a container's flat file system as a tar. */
@Command(name = "export", description = "Export a container's filesystem as a tar archive")
final class ExportCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to a file, instead of STDOUT")
    String output;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    public void run() {
        Containers exports = jocker.engine().containers();
        OutputTarget.write(jocker.caller(), output, out -> exports.export(container, out));
    }
}
