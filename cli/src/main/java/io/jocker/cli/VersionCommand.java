package io.jocker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jocker version} (normally answered by {@link Main} before picocli loads). */
@Command(name = "version", description = "Show the jocker version information")
final class VersionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(Main.versionLine());
    }
}
