package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.images.ImageName;
import io.jocker.registry.Platform;
import io.jocker.registry.PullProgress;
import io.jocker.registry.PullResult;
import io.jocker.registry.RegistryClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker pull}: an image, or every tag of a repository, from a registry. */
@Command(name = "pull", description = "Download an image from a registry")
final class PullCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all-tags"}, description = "Download all tagged images in the repository")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Option(names = "--platform", paramLabel = "PLATFORM", description = "Set platform if server is multi-platform capable")
    String platform;

    @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
    String image;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        ImageName name = ImageCommands.withStore(jocker, store -> ImageName.parseNormalized(image));
        if (allTags && (name.tag() != null || name.digest() != null)) {
            throw new InvalidOptionException(new InvalidRequestException("tag can't be used with --all-tags/-a"));
        }
        if (!allTags && name.tag() == null && name.digest() == null && !quiet) {
            out.println("Using default tag: latest");
        }
        PullProgress progress = quiet ? PullProgress.NONE : new PullPrinter(out, CallerTerminal.isTerminal(1));
        RegistryClient client = Logins.client(jocker);
        Platform platformWanted = Pulls.platform(platform);
        if (allTags) {
            ImageCommands.withStore(jocker, store -> client.pullAllTags(name, platformWanted, progress));
            out.println(name.name());
        } else {
            PullResult result = ImageCommands.withStore(jocker, store -> client.pull(name, platformWanted, progress));
            out.println(result.reference().toString());
        }
        out.flush();
    }
}
