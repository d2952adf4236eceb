package io.jocker.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "state", description = "Print a container's state as the runtime spec's JSON.")
final class StateCommand implements Callable<Integer> {

    @ParentCommand
    RuncCommand globals;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        return globals.execute("state " + id, () -> {
            OciRuntime.Observed observed = globals.runtime().observe(id);
            ObjectMapper mapper = globals.lazyMapper();
            System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json(mapper, id, observed)));
            return 0;
        });
    }

    /** The spec's state: ociVersion, id, status, pid (0 once stopped or unknown), bundle, annotations; and runc's rootfs and created. */
    static ObjectNode json(ObjectMapper mapper, String id, OciRuntime.Observed observed) {
        ObjectNode node = mapper.createObjectNode();
        SavedState saved = observed.saved().orElse(null);
        node.put("ociVersion", saved == null || saved.ociVersion() == null ? OciRuntime.SPEC_VERSION : saved.ociVersion());
        node.put("id", id);
        node.put("pid", saved != null && observed.status() != Status.STOPPED ? saved.pid() : 0);
        node.put("status", observed.status().label());
        node.put("bundle", saved == null ? "" : saved.bundle());
        node.put("rootfs", saved == null ? "" : saved.rootfs());
        node.put("created", saved == null ? "" : saved.created());
        ObjectNode annotations = node.putObject("annotations");
        if (saved != null) {
            saved.annotations().forEach(annotations::put);
        }
        return node;
    }
}
