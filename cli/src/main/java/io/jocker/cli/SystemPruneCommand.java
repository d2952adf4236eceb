package io.jocker.cli;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.filter.Filters;
import io.jocker.engine.volume.VolumeService;
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

/**
 * {@code jocker system prune}: the stopped containers, the user-defined networks no container uses,
 * with {@code --volumes} the unused anonymous volumes, and the dangling images (with {@code -a}
 * every unused one), in Docker's order and words. jocker has no build cache, so it neither lists
 * nor prunes one.
 */
@Command(name = "prune", description = "Remove unused data")
final class SystemPruneCommand implements Callable<Integer>, Attaching {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Remove all unused images not just dangling ones")
    boolean all;

    @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values (e.g. \"label=<key>=<value>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--volumes", description = "Prune anonymous volumes")
    boolean volumes;

    @Override
    public Integer call() throws IOException {
        Filters parsed = Filters.parse(filters);
        if (volumes && parsed.has("until")) {
            throw new EngineException("ERROR: The \"until\" filter is not supported with \"--volumes\"");
        }
        if (!force && !Confirmation.confirmed(spec.commandLine().getOut(), System.in, warning(parsed))) {
            return 0;
        }
        PruneReport report = new PruneReport(spec.commandLine().getOut());
        ContainerPruneCommand.section(report, jocker, parsed);
        report.section("Deleted Networks:", jocker.engine().networks().prune(parsed, Instant.now()), 0);
        if (volumes) {
            VolumeService.Pruned pruned = jocker.engine().volumes().prune(parsed);
            report.section("Deleted Volumes:", pruned.names(), pruned.reclaimedBytes());
        }
        ImagePruneCommand.section(report, jocker, all, filters);
        report.total();
        return 0;
    }

    /** Docker's confirmation: what will go, and the filters that narrow it. */
    private String warning(Filters parsed) {
        StringBuilder text = new StringBuilder("WARNING! This will remove:\n  - all stopped containers\n"
                + "  - all networks not used by at least one container\n");
        if (volumes) {
            text.append("  - all anonymous volumes not used by at least one container\n");
        }
        text.append(all ? "  - all images without at least one container associated to them\n" : "  - all dangling images\n");
        List<String> shown = new ArrayList<>();
        for (String key : List.of("label", "label!", "until")) {
            parsed.get(key).forEach(value -> shown.add(key + "=" + value));
        }
        if (!shown.isEmpty()) {
            text.append("\n  Items to be pruned will be filtered with:\n");
            shown.stream().sorted().forEach(f -> text.append("  - ").append(f).append('\n'));
        }
        return text.append("\nAre you sure you want to continue?").toString();
    }

    @Override
    public boolean attachesTerminal() {
        return !force;
    }
}
