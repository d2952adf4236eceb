package io.jocker.cli;

import io.jocker.cli.format.ListFormat;
import io.jocker.engine.stats.ContainerStats;
import io.jocker.engine.stats.StatsSample;
import io.jocker.engine.stats.StatsService;
import io.jocker.spi.ContainerRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jocker stats}: Docker's live table of resource use. CPU % needs two samples, taken a
 * second apart as Docker's collector does; without {@code --no-stream} the table is redrawn every
 * second until interrupted.
 */
@Command(name = "stats", description = "Display a live stream of container(s) resource usage statistics")
final class StatsCommand implements Callable<Integer> {

    private static final long INTERVAL_MILLIS = 1000;
    private static final String CLEAR_SCREEN = "\033[2J\033[H";

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result")
    boolean noStream;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Format output: table (default), json, 'table TEMPLATE' or a Go template")
    String format;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ListFormat listFormat = ListFormat.parse(format, StatsFormat.DEFAULT_TABLE);
        StatsService service = jocker.engine().containers().stats();
        Map<String, ContainerRecord> named = new LinkedHashMap<>();
        for (String reference : containers) {
            try {
                named.put(reference, service.find(reference));
            } catch (RuntimeException e) {
                Failures.print(spec.commandLine().getErr(), Failures.message(e));
                return 1;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, StatsSample> previous = sampleAll(service, targets(service, named));
        while (true) {
            Thread.sleep(INTERVAL_MILLIS);
            Map<String, ContainerRecord> targets = targets(service, named);
            Map<String, StatsSample> current = sampleAll(service, targets);
            if (!noStream) {
                out.print(CLEAR_SCREEN);
            }
            print(out, listFormat, targets, previous, current);
            if (noStream) {
                return 0;
            }
            previous = current;
        }
    }

    /** The named containers, else the running ones (all with {@code -a}), keyed by how each is shown in "Container". */
    private Map<String, ContainerRecord> targets(StatsService service, Map<String, ContainerRecord> named) {
        if (!named.isEmpty()) {
            return named;
        }
        List<ContainerRecord> records = all ? service.all() : service.running();
        Map<String, ContainerRecord> targets = new LinkedHashMap<>();
        records.forEach(r -> targets.put(r.id().substring(0, 12), r));
        return targets;
    }

    private static Map<String, StatsSample> sampleAll(StatsService service, Map<String, ContainerRecord> targets) {
        Map<String, StatsSample> samples = new HashMap<>();
        targets.values().forEach(r -> samples.put(r.id(), service.sample(r)));
        return samples;
    }

    private void print(PrintWriter out, ListFormat listFormat, Map<String, ContainerRecord> targets,
            Map<String, StatsSample> previous, Map<String, StatsSample> current) {
        List<Object> rows = new ArrayList<>();
        for (Map.Entry<String, ContainerRecord> target : targets.entrySet()) {
            StatsSample now = current.get(target.getValue().id());
            ContainerStats stats = ContainerStats.between(previous.getOrDefault(now.id(), now), now);
            rows.add(StatsFormat.row(stats, target.getKey(), noTrunc));
        }
        out.print(listFormat.render(rows, StatsFormat.HEADERS));
        out.flush();
    }
}
