package io.jocker.cli;

import io.jocker.cli.format.ListFormat;
import io.jocker.cli.template.GoStruct;
import io.jocker.engine.base.EngineException;
import io.jocker.engine.filter.Filters;
import io.jocker.engine.volume.NoSuchVolumeException;
import io.jocker.engine.volume.Volume;
import io.jocker.engine.volume.VolumeService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker volume}: create, list, inspect, remove and prune local volumes, with Docker's output. */
@Command(name = "volume", description = "Manage volumes",
        subcommands = {VolumeCommand.Create.class, VolumeCommand.Ls.class, VolumeCommand.Inspect.class,
                VolumeCommand.Rm.class, VolumeCommand.Prune.class})
final class VolumeCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    /** Without a subcommand, the usage, on stderr, as Docker's client prints it. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    VolumeService volumes() {
        return jocker.engine().volumes();
    }

    @Command(name = "create", description = "Create a volume")
    static final class Create implements Callable<Integer> {

        @ParentCommand
        VolumeCommand volume;

        @Spec
        CommandSpec spec;

        @Option(names = {"-d", "--driver"}, paramLabel = "NAME", description = "Volume driver name (default ${DEFAULT-VALUE})",
                defaultValue = "local")
        String driver;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set metadata for a volume")
        List<String> labels = new ArrayList<>();

        @Option(names = "--label-file", paramLabel = "FILE", description = "Read in a line delimited file of labels")
        List<Path> labelFiles = new ArrayList<>();

        @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE", description = "Set driver specific options (none supported)")
        List<String> options = new ArrayList<>();

        @Parameters(arity = "0..1", paramLabel = "VOLUME")
        String name;

        @Override
        public Integer call() {
            if (!driver.equals("local")) {
                throw new EngineException("create " + (name == null ? "" : name) + ": error looking up volume plugin "
                        + driver + ": plugin \"" + driver + "\" not found");
            }
            if (!options.isEmpty()) {
                throw new EngineException("create " + (name == null ? "" : name)
                        + ": jocker's local driver takes no options (-o); use a bind mount for a device or a remote share");
            }
            Map<String, String> labelMap = Labels.of(labelFiles.stream().map(volume.jocker.caller()::resolve).toList(), labels);
            Volume created = volume.volumes().create(name, labelMap);
            spec.commandLine().getOut().println(created.name());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "ls", aliases = "list", description = "List volumes")
    static final class Ls implements Runnable {

        @ParentCommand
        VolumeCommand volume;

        @Spec
        CommandSpec spec;

        @Option(names = {"-q", "--quiet"}, description = "Only display volume names")
        boolean quiet;

        @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "Filter output (dangling=true|false, name=TEXT, label=KEY[=VALUE])")
        List<String> filters = new ArrayList<>();

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "Format output: table (default), json, 'table TEMPLATE' or a Go template")
        String format;

        private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("Name", "VOLUME NAME"),
                Map.entry("Group", "GROUP"), Map.entry("Driver", "DRIVER"), Map.entry("Scope", "SCOPE"),
                Map.entry("Availability", "AVAILABILITY"), Map.entry("Mountpoint", "MOUNTPOINT"), Map.entry("Labels", "LABELS"),
                Map.entry("Links", "LINKS"), Map.entry("Size", "SIZE"), Map.entry("Status", "STATUS"));

        @Override
        public void run() {
            VolumeService service = volume.volumes();
            Predicate<Volume> keep = v -> true;
            for (String filter : filters) {
                keep = keep.and(filter(service, filter));
            }
            ListFormat listFormat = ListFormat.parse(quiet ? "{{.Name}}" : format, "table {{.Driver}}\t{{.Name}}");
            List<GoStruct> rows = service.list().stream().filter(keep).map(Ls::row).toList();
            PrintWriter out = spec.commandLine().getOut();
            out.print(listFormat.render(rows, HEADERS));
            out.flush();
        }

        /** Docker's {@code VolumeContext}, fields in name order as its {@code {{json .}}} sorts them. */
        private static GoStruct row(Volume v) {
            return GoStruct.builder("*formatter.VolumeContext")
                    .field("Availability", "N/A")
                    .field("Driver", v.driver())
                    .field("Group", "N/A")
                    .field("Labels", String.join(",", v.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .sorted().toList()))
                    .field("Links", "N/A")
                    .field("Mountpoint", v.mountpoint())
                    .field("Name", v.name())
                    .field("Scope", v.scope())
                    .field("Size", "N/A")
                    .field("Status", "N/A")
                    .method("Label", 1, args -> v.labels().getOrDefault(String.valueOf(args.get(0)), ""))
                    .escapesHtml()
                    .build();
        }

        private static Predicate<Volume> filter(VolumeService service, String filter) {
            int eq = filter.indexOf('=');
            String key = eq < 0 ? filter : filter.substring(0, eq);
            String value = eq < 0 ? "" : filter.substring(eq + 1);
            return switch (key) {
                case "dangling" -> switch (value) {
                    case "true", "1" -> service::dangling;
                    case "false", "0" -> v -> !service.dangling(v);
                    default -> throw new EngineException("invalid filter 'dangling=" + value + "'");
                };
                case "name" -> v -> v.name().contains(value);
                case "label" -> v -> {
                    int labelEq = value.indexOf('=');
                    String labelKey = labelEq < 0 ? value : value.substring(0, labelEq);
                    return v.labels().containsKey(labelKey)
                            && (labelEq < 0 || v.labels().get(labelKey).equals(value.substring(labelEq + 1)));
                };
                default -> throw new EngineException("invalid filter '" + key + "'");
            };
        }
    }

    @Command(name = "inspect", description = "Display detailed information on one or more volumes")
    static final class Inspect implements Callable<Integer> {

        @ParentCommand
        VolumeCommand volume;

        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output using a Go template, or 'json'")
        String format;

        @Parameters(arity = "1..*", paramLabel = "VOLUME")
        List<String> names;

        @Override
        public Integer call() {
            VolumeService service = volume.volumes();
            // docker volume inspect runs a template on the typed volume only: a missing field fails as it does on a struct.
            InspectOutput output = InspectOutput.of(format, false);
            for (String name : names) {
                try {
                    output.add(InspectDocuments.volume(service.inspect(name)));
                } catch (EngineException e) {
                    output.error(Failures.PREFIX + e.getMessage());
                }
            }
            return output.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove one or more volumes. You cannot remove a volume that is in use by a container.")
    static final class Rm implements Callable<Integer> {

        @ParentCommand
        VolumeCommand volume;

        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--force"}, description = "Do not report volumes that do not exist")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "VOLUME")
        List<String> names;

        @Override
        public Integer call() {
            VolumeService service = volume.volumes();
            int status = 0;
            for (String name : names) {
                try {
                    service.remove(name);
                    spec.commandLine().getOut().println(name);
                } catch (NoSuchVolumeException e) {
                    if (!force) {
                        Failures.print(spec.commandLine().getErr(), e.getMessage());
                        status = 1;
                    }
                } catch (RuntimeException e) {
                    Failures.print(spec.commandLine().getErr(), Failures.message(e));
                    status = 1;
                }
            }
            spec.commandLine().getOut().flush();
            return status;
        }
    }

    @Command(name = "prune", description = "Remove unused local volumes (anonymous ones unless --all)")
    static final class Prune implements Callable<Integer>, Attaching {

        @ParentCommand
        VolumeCommand volume;

        @Spec
        CommandSpec spec;

        @Option(names = {"-a", "--all"}, description = "Remove all unused volumes, not just anonymous ones")
        boolean all;

        @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values (e.g. \"label=<label>\")")
        List<String> filters = new ArrayList<>();

        @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
        boolean force;

        @Override
        public Integer call() throws IOException {
            List<String> withAll = new ArrayList<>(filters);
            if (all) {
                if (Filters.parse(filters).has("all")) {
                    throw new EngineException("conflicting options: cannot specify both --all and --filter all=1");
                }
                withAll.add("all=true");
            }
            Filters parsed = Filters.parse(withAll);
            PrintWriter out = spec.commandLine().getOut();
            if (!force && !Confirmation.confirmed(out, System.in, "WARNING! This will remove " + (all ? "all" : "anonymous")
                    + " local volumes not used by at least one container.\nAre you sure you want to continue?")) {
                return 0;
            }
            VolumeService.Pruned pruned = volume.volumes().prune(parsed);
            new PruneReport(out).section("Deleted Volumes:", pruned.names(), pruned.reclaimedBytes()).total();
            return 0;
        }

        @Override
        public boolean attachesTerminal() {
            return !force;
        }
    }
}
