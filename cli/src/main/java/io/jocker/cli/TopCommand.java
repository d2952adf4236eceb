package io.jocker.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker top}: the container's processes with host PIDs, as {@code docker top} shows them ({@code ps -f}). */
@Command(name = "top", description = "Display the running processes of a container")
final class TopCommand implements Callable<Integer> {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", paramLabel = "PS OPTIONS", description = "ps options (default -f)")
    List<String> psOptions = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<Long> pids = jocker.engine().containers().processes(container);
        List<String> command = new ArrayList<>(List.of("ps"));
        command.addAll(psOptions.isEmpty() ? List.of("-f") : psOptions);
        command.add("-p");
        command.add(pids.stream().map(String::valueOf).collect(Collectors.joining(",")));
        Process ps = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = ps.waitFor();
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return status == 0 ? 0 : Failures.FAILED;
    }
}
