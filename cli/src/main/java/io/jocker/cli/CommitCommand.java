package io.jocker.cli;

import io.jocker.engine.container.CommitService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker commit}: a container's changes become a new image; prints its id. */
@Command(name = "commit", description = "Create a new image from a container's changes")
final class CommitCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION", description = "Apply a Dockerfile instruction (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL)")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set a label on the image (as -c 'LABEL KEY=VALUE')")
    List<String> labels = new ArrayList<>();

    @Option(names = "--label-file", paramLabel = "FILE", description = "Read in a line delimited file of labels")
    List<Path> labelFiles = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "Commit message")
    String message;

    @Option(names = {"-p", "--pause"}, arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "BOOL",
            description = "Pause container during commit (default true)")
    boolean pause;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Override
    public void run() {
        List<String> allChanges = new ArrayList<>(changes);
        Labels.of(labelFiles.stream().map(jocker.caller()::resolve).toList(), labels)
                .forEach((key, value) -> allChanges.add("LABEL " + quoted(key) + "=" + quoted(value)));
        String id = jocker.engine().containers()
                .commit(new CommitService.Request(container, reference, allChanges, message, pause));
        spec.commandLine().getOut().println(id);
        spec.commandLine().getOut().flush();
    }

    /** A word of a LABEL instruction that is the text itself, whatever quotes, spaces or backslashes it holds. */
    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + '"';
    }
}
