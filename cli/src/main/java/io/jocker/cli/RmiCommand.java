package io.jocker.cli;

import io.jocker.engine.Containers;
import io.jocker.images.RemovalRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker rmi}: untags and deletes images; refuses images that containers use unless forced. */
@Command(name = "rmi", description = "Remove one or more images")
final class RmiCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Force removal of the image")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() {
        Containers containers = ImageCommands.containers(jocker);
        int status = 0;
        for (String image : images) {
            try {
                List<RemovalRecord> removed = ImageCommands.withStore(jocker,
                        store -> store.remove(image, force, containers::containerUsing));
                removed.forEach(spec.commandLine().getOut()::println);
            } catch (RuntimeException e) {
                Failures.print(spec.commandLine().getErr(), Failures.message(e));
                status = 1;
            }
        }
        spec.commandLine().getOut().flush();
        return status;
    }
}
