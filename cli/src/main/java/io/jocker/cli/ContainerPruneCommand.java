package io.jocker.cli;

import io.jocker.engine.container.ContainerService;
import io.jocker.engine.filter.Filters;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker container prune}: removes the containers that do not run. */
@Command(name = "prune", description = "Remove all stopped containers")
final class ContainerPruneCommand implements Callable<Integer>, Attaching {

    static final String WARNING = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?";

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Filters parsed = Filters.parse(filters);
        if (!force && !Confirmation.confirmed(spec.commandLine().getOut(), System.in, WARNING)) {
            return 0;
        }
        PruneReport report = new PruneReport(spec.commandLine().getOut());
        section(report, jocker, parsed);
        report.total();
        return 0;
    }

    /** The containers' part of {@code container prune} and {@code system prune}. */
    static void section(PruneReport report, JockerCommand jocker, Filters filters) {
        ContainerService.Pruned pruned = jocker.engine().containers().prune(filters, Instant.now());
        report.section("Deleted Containers:", pruned.ids(), pruned.reclaimedBytes());
    }

    /** Asking for confirmation reads the caller's input. */
    @Override
    public boolean attachesTerminal() {
        return !force;
    }
}
