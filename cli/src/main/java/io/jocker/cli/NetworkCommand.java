package io.jocker.cli;

import io.jocker.cli.format.ListFormat;
import io.jocker.cli.template.GoStruct;
import io.jocker.engine.base.EngineException;
import io.jocker.engine.filter.Filters;
import io.jocker.engine.network.CreateNetworkRequest;
import io.jocker.engine.network.NetworkConfigException;
import io.jocker.engine.network.NetworkRecord;
import io.jocker.engine.network.NetworkService;
import io.jocker.engine.network.NoSuchNetworkException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** {@code jocker network}: create, list, inspect, remove and prune networks, with Docker's flags and output. */
@Command(name = "network", description = "Manage networks",
        subcommands = {NetworkCommand.Create.class, NetworkCommand.Ls.class, NetworkCommand.Inspect.class,
                NetworkCommand.Rm.class, NetworkCommand.Prune.class, NetworkCommand.Connect.class, NetworkCommand.Disconnect.class})
final class NetworkCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    /** Without a subcommand, the usage, on stderr, as Docker's client prints it. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    NetworkService networks() {
        return jocker.engine().networks();
    }

    @Command(name = "create", description = "Create a network")
    static final class Create implements Callable<Integer> {

        @ParentCommand
        NetworkCommand network;

        @Spec
        CommandSpec spec;

        @Option(names = {"-d", "--driver"}, paramLabel = "NAME", description = "Driver to manage the Network (default ${DEFAULT-VALUE})",
                defaultValue = "bridge")
        String driver;

        @Option(names = "--subnet", paramLabel = "CIDR", description = "Subnet in CIDR format that represents a network segment")
        List<String> subnets = new ArrayList<>();

        @Option(names = "--gateway", paramLabel = "IP", description = "IPv4 Gateway for the master subnet")
        List<String> gateways = new ArrayList<>();

        @Option(names = "--ip-range", paramLabel = "CIDR", description = "Allocate container ip from a sub-range")
        List<String> ranges = new ArrayList<>();

        @Option(names = "--internal", description = "Restrict external access to the network")
        boolean internal;

        @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE", description = "Set driver specific options")
        List<String> options = new ArrayList<>();

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set metadata on a network")
        List<String> labels = new ArrayList<>();

        @Parameters(paramLabel = "NETWORK")
        String name;

        @Override
        public Integer call() {
            if (subnets.size() > 1 || gateways.size() > 1 || ranges.size() > 1) {
                throw new NetworkConfigException("jocker networks have one IPv4 subnet: give --subnet, --gateway and --ip-range at most once");
            }
            Map<String, String> opts = new LinkedHashMap<>();
            for (String option : options) {
                int eq = option.indexOf('=');
                if (eq <= 0) {
                    throw new NetworkConfigException("invalid argument \"" + option + "\" for \"-o, --opt\" flag: expected KEY=VALUE");
                }
                opts.put(option.substring(0, eq), option.substring(eq + 1));
            }
            NetworkRecord created = network.networks().create(new CreateNetworkRequest(name, driver, first(subnets), first(gateways),
                    first(ranges), internal, opts, Labels.of(List.<Path>of(), labels)));
            spec.commandLine().getOut().println(created.id());
            spec.commandLine().getOut().flush();
            return 0;
        }

        private static String first(List<String> values) {
            return values.isEmpty() ? null : values.get(0);
        }
    }

    @Command(name = "ls", aliases = "list", description = "List networks")
    static final class Ls implements Runnable {

        @ParentCommand
        NetworkCommand network;

        @Spec
        CommandSpec spec;

        @Option(names = {"-q", "--quiet"}, description = "Only display network IDs")
        boolean quiet;

        @Option(names = "--no-trunc", description = "Do not truncate the output")
        boolean noTrunc;

        @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
                description = "Provide filter values (e.g. \"driver=bridge\"; also id, label, name, scope, type=custom|builtin)")
        List<String> filters = new ArrayList<>();

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "Format output: table (default), json, 'table TEMPLATE' or a Go template")
        String format;

        private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "NETWORK ID"), Map.entry("Name", "NAME"),
                Map.entry("Driver", "DRIVER"), Map.entry("Scope", "SCOPE"), Map.entry("IPv4", "IPV4"), Map.entry("IPv6", "IPV6"),
                Map.entry("Internal", "INTERNAL"), Map.entry("Labels", "LABELS"), Map.entry("CreatedAt", "CREATED AT"));

        @Override
        public void run() {
            Filters parsed = Filters.parse(filters).accept(java.util.Set.of("driver", "id", "label", "name", "scope", "type"));
            Predicate<NetworkRecord> keep = n -> (!parsed.has("driver") || parsed.exactMatch("driver", n.driver()))
                    && (!parsed.has("id") || parsed.get("id").stream().anyMatch(n.id()::startsWith))
                    && (!parsed.has("name") || parsed.fuzzyMatch("name", n.name()))
                    && (!parsed.has("scope") || parsed.exactMatch("scope", "local"))
                    && (!parsed.has("type") || parsed.exactMatch("type", n.predefined() ? "builtin" : "custom"))
                    && parsed.matchLabels(n.labels());
            for (String type : parsed.get("type")) {
                if (!type.equals("custom") && !type.equals("builtin")) {
                    throw new NetworkConfigException("invalid filter: 'type'='" + type + "'");
                }
            }
            ListFormat listFormat = ListFormat.parse(quiet ? "{{.ID}}" : format, "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}");
            List<GoStruct> rows = network.networks().list().stream().filter(keep)
                    .sorted(java.util.Comparator.comparing(NetworkRecord::name)).map(this::row).toList();
            PrintWriter out = spec.commandLine().getOut();
            out.print(listFormat.render(rows, HEADERS));
            out.flush();
        }

        /** Docker's {@code networkContext}. */
        private GoStruct row(NetworkRecord n) {
            return GoStruct.builder("*formatter.networkContext")
                    .field("CreatedAt", n.created().toString())
                    .field("Driver", n.driver())
                    .field("ID", noTrunc ? n.id() : n.id().substring(0, 12))
                    .field("IPv4", Boolean.toString(n.hasDriver()))
                    .field("IPv6", "false")
                    .field("Internal", Boolean.toString(n.internal()))
                    .field("Labels", String.join(",", n.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()))
                    .field("Name", n.name())
                    .field("Scope", "local")
                    .method("Label", 1, args -> n.labels().getOrDefault(String.valueOf(args.get(0)), ""))
                    .escapesHtml()
                    .build();
        }
    }

    @Command(name = "inspect", description = "Display detailed information on one or more networks")
    static final class Inspect implements Callable<Integer> {

        @ParentCommand
        NetworkCommand network;

        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output using a Go template, or 'json'")
        String format;

        @Option(names = {"-v", "--verbose"}, description = "Verbose output for diagnostics (no more than without it here)")
        boolean verbose;

        @Parameters(arity = "1..*", paramLabel = "NETWORK")
        List<String> names;

        @Override
        public Integer call() {
            NetworkService service = network.networks();
            InspectOutput output = InspectOutput.of(format, false);
            for (String name : names) {
                try {
                    NetworkRecord record = service.find(name);
                    output.add(InspectDocuments.network(record, service.endpoints(record.id())));
                } catch (EngineException e) {
                    output.error(Failures.PREFIX + e.getMessage());
                }
            }
            return output.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove one or more networks")
    static final class Rm implements Callable<Integer> {

        @ParentCommand
        NetworkCommand network;

        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--force"}, description = "Do not error if the network does not exist")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "NETWORK")
        List<String> names;

        @Override
        public Integer call() {
            int status = 0;
            for (String name : names) {
                try {
                    network.networks().remove(name);
                    spec.commandLine().getOut().println(name);
                } catch (NoSuchNetworkException e) {
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

    @Command(name = "prune", description = "Remove all unused networks")
    static final class Prune implements Callable<Integer>, Attaching {

        @ParentCommand
        NetworkCommand network;

        @Spec
        CommandSpec spec;

        @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values (e.g. \"until=<timestamp>\")")
        List<String> filters = new ArrayList<>();

        @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
        boolean force;

        @Override
        public Integer call() throws IOException {
            Filters parsed = Filters.parse(filters);
            PrintWriter out = spec.commandLine().getOut();
            if (!force && !Confirmation.confirmed(out, System.in,
                    "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?")) {
                return 0;
            }
            List<String> removed = network.networks().prune(parsed, Instant.now());
            if (!removed.isEmpty()) {
                out.println("Deleted Networks:");
                removed.forEach(out::println);
                out.println();
            }
            out.flush();
            return 0;
        }

        @Override
        public boolean attachesTerminal() {
            return !force;
        }
    }

    @Command(name = "connect", description = "Connect a container to a network")
    static final class Connect implements Callable<Integer> {

        @ParentCommand
        NetworkCommand network;

        @Option(names = "--ip", paramLabel = "IPV4", description = "IPv4 address (e.g., 172.30.100.104)")
        String ip;

        @Option(names = "--alias", paramLabel = "ALIAS", description = "Add network-scoped alias for the container")
        List<String> aliases = new ArrayList<>();

        @Parameters(index = "0", paramLabel = "NETWORK")
        String name;

        @Parameters(index = "1", paramLabel = "CONTAINER")
        String container;

        @Override
        public Integer call() {
            network.jocker.engine().containers().connectNetwork(container, name, ip, aliases);
            return 0;
        }
    }

    @Command(name = "disconnect", description = "Disconnect a container from a network")
    static final class Disconnect implements Callable<Integer> {

        @ParentCommand
        NetworkCommand network;

        @Option(names = {"-f", "--force"}, description = "Force the container to disconnect from a network")
        boolean force;

        @Parameters(index = "0", paramLabel = "NETWORK")
        String name;

        @Parameters(index = "1", paramLabel = "CONTAINER")
        String container;

        @Override
        public Integer call() {
            network.jocker.engine().containers().disconnectNetwork(container, name);
            return 0;
        }
    }
}
