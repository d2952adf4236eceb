package io.jocker.cli;

import io.jocker.engine.container.ContainerInspector;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker inspect}: a JSON array describing the containers, in Docker's shape. */
@Command(name = "inspect", description = "Return low-level information on containers")
final class InspectCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        ContainerInspector inspector = jocker.engine().service(ContainerInspector.class);
        List<Map<String, Object>> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String reference : containers) {
            try {
                found.add(inspector.describe(reference));
            } catch (io.jocker.engine.container.NoSuchContainerException e) {
                missing.add(reference);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(inspector.toJson(found));
        out.flush();
        for (String reference : missing) {
            spec.commandLine().getErr().println("Error: No such object: " + reference);
        }
        spec.commandLine().getErr().flush();
        return missing.isEmpty() ? 0 : 1;
    }
}
