package io.jocker.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** pause, resume and ps: the commands that work on a container's cgroup. */
final class PauseCommands {

    private PauseCommands() {}

    @Command(name = "pause", description = "Freeze every process of a running container.")
    static final class Pause implements Callable<Integer> {
        @ParentCommand
        RuncCommand globals;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return globals.execute("pause " + id, () -> {
                globals.runtime().pause(id);
                return 0;
            });
        }
    }

    @Command(name = "resume", description = "Thaw a paused container.")
    static final class Resume implements Callable<Integer> {
        @ParentCommand
        RuncCommand globals;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return globals.execute("resume " + id, () -> {
                globals.runtime().resume(id);
                return 0;
            });
        }
    }

    @Command(name = "ps", description = "List the host PIDs of a container's processes.")
    static final class Ps implements Callable<Integer> {
        @ParentCommand
        RuncCommand globals;

        @Option(names = {"-f", "--format"}, description = "table or json (default: ${DEFAULT-VALUE})")
        String format = "table";

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return globals.execute("ps " + id, () -> {
                if (!format.equals("table") && !format.equals("json")) {
                    throw new OciException("invalid --format \"" + format + "\": table or json");
                }
                List<Long> pids = globals.runtime().processes(id);
                if (format.equals("json")) {
                    ArrayNode array = globals.lazyMapper().createArrayNode();
                    pids.forEach(array::add);
                    System.out.println(array);
                } else {
                    StringBuilder table = new StringBuilder("PID\n");
                    pids.forEach(pid -> table.append(pid).append('\n'));
                    System.out.print(table);
                }
                return 0;
            });
        }
    }
}
