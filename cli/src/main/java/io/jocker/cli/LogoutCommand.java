package io.jocker.cli;

import io.jocker.registry.DockerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker logout}: removes a registry's credentials from Docker's config.json (or its helper). */
@Command(name = "logout", description = "Log out from a registry")
final class LogoutCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "The registry (Docker Hub when not given)")
    String server;

    @Override
    public void run() {
        String registry = Logins.registry(server);
        boolean removed = ImageCommands.withStore(jocker, store -> Logins.client(jocker).logout(registry));
        String key = DockerConfig.key(registry);
        spec.commandLine().getOut().println(removed ? "Removing login credentials for " + key : "Not logged in to " + key);
        spec.commandLine().getOut().flush();
    }
}
