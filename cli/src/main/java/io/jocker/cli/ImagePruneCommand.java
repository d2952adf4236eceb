package io.jocker.cli;

import io.jocker.engine.Containers;
import io.jocker.engine.filter.Filters;
import io.jocker.images.ImageStore;
import io.jocker.images.PruneRequest;
import io.jocker.images.RemovalRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jocker image prune [-a]}: removes the dangling images (those without a tag) or, with
 * {@code -a}, every image no container uses. jocker builds no images, so it has no intermediate
 * ones, as Docker's containerd image store has none outside builds.
 */
@Command(name = "prune", description = "Remove unused images")
final class ImagePruneCommand implements Callable<Integer>, Attaching {

    private static final String ALL_WARNING = "WARNING! This will remove all images without at least one container associated"
            + " to them.\nAre you sure you want to continue?";
    private static final String DANGLING_WARNING = "WARNING! This will remove all dangling images.\nAre you sure you want to continue?";

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones")
    boolean all;

    @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Filters parsed = Filters.parse(filters);
        if (!force && !Confirmation.confirmed(spec.commandLine().getOut(), System.in, all ? ALL_WARNING : DANGLING_WARNING)) {
            return 0;
        }
        PruneReport report = new PruneReport(spec.commandLine().getOut());
        section(report, jocker, all, filters);
        report.total();
        return 0;
    }

    /** The images' part of {@code image prune} and {@code system prune}: {@code dangling=} is added as Docker's client adds it. */
    static void section(PruneReport report, JockerCommand jocker, boolean all, List<String> filters) {
        List<String> withDangling = new ArrayList<>(filters);
        withDangling.add("dangling=" + !all);
        Containers containers = ImageCommands.containers(jocker);
        Filters parsed = Filters.parse(withDangling).accept(Set.of("dangling", "label", "label!", "until"));
        PruneRequest request = new PruneRequest(parsed.bool("dangling").orElse(true),
                parsed.time("until", Instant.now()).orElse(null), parsed::matchLabels);
        ImageStore.Pruned pruned = ImageCommands.withStore(jocker, store -> store.prune(request, containers::containerUsing));
        report.section("Deleted Images:", pruned.removed().stream().map(ImagePruneCommand::line).toList(), pruned.reclaimedBytes());
    }

    /** Docker's prune lists {@code untagged: } and {@code deleted: } in lower case, where {@code rmi} capitalises them. */
    private static String line(RemovalRecord record) {
        return record.kind().name().toLowerCase(Locale.ROOT) + ": " + record.value();
    }

    @Override
    public boolean attachesTerminal() {
        return !force;
    }
}
