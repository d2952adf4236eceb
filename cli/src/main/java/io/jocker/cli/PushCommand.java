package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.images.ImageName;
import io.jocker.registry.PullProgress;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker push}: an image to the registry its name names. */
@Command(name = "push", description = "Upload an image to a registry")
final class PushCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String image;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        ImageName name = ImageCommands.withStore(jocker, store -> ImageName.parseNormalized(image));
        if (name.digest() != null) {
            throw new InvalidOptionException(new InvalidRequestException("cannot push a digest reference"));
        }
        if (name.tag() == null && !quiet) {
            out.println("Using default tag: latest");
        }
        PullProgress progress = quiet ? PullProgress.NONE : new PullPrinter(out, CallerTerminal.isTerminal(1));
        ImageCommands.withStore(jocker, store -> Logins.client(jocker).push(name, progress));
        if (quiet) {
            out.println(name.withDefaultTag());
        }
        out.flush();
    }
}
