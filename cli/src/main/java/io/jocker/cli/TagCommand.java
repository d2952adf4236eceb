package io.jocker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jocker tag SOURCE TARGET}. */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
final class TagCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    @Override
    public void run() {
        ImageCommands.withStore(jocker, store -> {
            store.tag(source, target);
            return null;
        });
    }
}
