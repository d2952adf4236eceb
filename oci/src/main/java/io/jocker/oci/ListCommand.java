package io.jocker.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", aliases = "ls", description = "List the containers under the root.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    RuncCommand globals;

    @Option(names = {"-f", "--format"}, description = "table or json (default: ${DEFAULT-VALUE})")
    String format = "table";

    @Option(names = {"-q", "--quiet"}, description = "print the ids only")
    boolean quiet;

    @Override
    public Integer call() {
        return globals.execute("list", () -> {
            if (!format.equals("table") && !format.equals("json")) {
                throw new OciException("invalid --format \"" + format + "\": table or json");
            }
            ContainerStore store = globals.store();
            ObjectMapper mapper = globals.lazyMapper();
            ArrayNode all = mapper.createArrayNode();
            StringBuilder table = new StringBuilder(String.format("%-12s %-10s %-10s %-40s %s%n", "ID", "PID", "STATUS", "BUNDLE",
                    "CREATED"));
            for (String id : store.ids()) {
                OciRuntime.Observed observed;
                try {
                    observed = globals.runtime().observe(id);
                } catch (OciException e) {
                    continue;
                }
                var node = StateCommand.json(mapper, id, observed);
                all.add(node);
                if (quiet) {
                    table.append(id).append('\n');
                } else {
                    table.append(String.format("%-12s %-10d %-10s %-40s %s%n", id, node.get("pid").asLong(),
                            node.get("status").asText(), node.get("bundle").asText(), node.get("created").asText()));
                }
            }
            if (format.equals("json")) {
                System.out.println(mapper.writeValueAsString(all));
            } else if (quiet) {
                System.out.print(table.substring(table.indexOf("\n") + 1));
            } else {
                System.out.print(table);
            }
            return 0;
        });
    }
}
