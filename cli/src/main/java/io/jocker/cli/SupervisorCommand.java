package io.jocker.cli;

import io.jocker.engine.Engine;
import io.jocker.supervisor.Supervisor;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The hidden {@code supervisor} command: the watcher of detached containers, started on demand by the CLI. */
@Command(name = SupervisorCommand.NAME, hidden = true, description = "Watch detached containers (started by jocker itself)")
final class SupervisorCommand implements Callable<Integer> {

    static final String NAME = "supervisor";

    @ParentCommand
    JockerCommand jocker;

    @Option(names = "--idle-exit", paramLabel = "MILLIS",
            description = "Exit after this long with nothing to watch or run (env " + Supervisors.IDLE_ENV + "; default ${DEFAULT-VALUE})",
            defaultValue = "${env:" + Supervisors.IDLE_ENV + ":-" + Supervisors.DEFAULT_IDLE_MILLIS + "}")
    long idleMillis;

    @Override
    public Integer call() throws Exception {
        Engine engine = jocker.engine();
        new Supervisor(engine.supervision()).run(Duration.ofMillis(idleMillis), new ServedCommands(engine, jocker.engineOptions()));
        return 0;
    }
}
