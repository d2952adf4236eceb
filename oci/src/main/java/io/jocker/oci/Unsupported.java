package io.jocker.oci;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.ParentCommand;

/** runc's commands that jocker-runc refuses, with the reason, rather than calling them unknown. */
final class Unsupported {

    private Unsupported() {}

    @Command(name = "checkpoint", description = "Refused: jocker-runc has no checkpoint/restore (CRIU) support.")
    static final class Checkpoint implements Callable<Integer> {
        @ParentCommand
        RuncCommand globals;

        @Unmatched
        List<String> args;

        @Override
        public Integer call() {
            return globals.execute("checkpoint", () -> {
                throw new OciException("checkpoint is not supported: jocker-runc has no CRIU support");
            });
        }
    }

    @Command(name = "restore", description = "Refused: jocker-runc has no checkpoint/restore (CRIU) support.")
    static final class Restore implements Callable<Integer> {
        @ParentCommand
        RuncCommand globals;

        @Unmatched
        List<String> args;

        @Override
        public Integer call() {
            return globals.execute("restore", () -> {
                throw new OciException("restore is not supported: jocker-runc has no CRIU support");
            });
        }
    }
}
