package io.jocker.cli;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.registry.Credentials;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jocker login}: checks the credentials with the registry, then records them as Docker's
 * client does (config.json's {@code auths}, or its credential helper), so that Docker and jocker
 * share them.
 */
@Command(name = "login", description = "Authenticate to a registry")
final class LoginCommand implements Runnable, Attaching {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "Username")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "Password")
    String password;

    @Option(names = "--password-stdin", description = "Take the password from stdin")
    boolean passwordStdin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "The registry (Docker Hub when not given)")
    String server;

    @Override
    public void run() {
        PrintWriter err = spec.commandLine().getErr();
        if (password != null && passwordStdin) {
            throw new InvalidOptionException(new InvalidRequestException("--password and --password-stdin are mutually exclusive"));
        }
        if (passwordStdin && (username == null || username.isEmpty())) {
            throw new InvalidOptionException(new InvalidRequestException("Must provide --username with --password-stdin"));
        }
        String registry = Logins.registry(server);
        if (password != null) {
            err.println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            err.flush();
        }
        String secret = password;
        if (passwordStdin) {
            secret = readStdin();
        }
        String user = username;
        if (user == null || secret == null) {
            Console console = System.console();
            if (console == null) {
                throw new EngineException("Cannot perform an interactive login from a non TTY device");
            }
            if (user == null) {
                user = console.readLine("Username: ");
            }
            char[] typed = console.readPassword("Password: ");
            secret = typed == null ? "" : new String(typed);
        }
        if (user == null || user.isEmpty() || secret.isEmpty()) {
            throw new EngineException(user == null || user.isEmpty() ? "Username is required" : "Password is required");
        }
        Credentials credentials = new Credentials(user, secret);
        ImageCommands.withStore(jocker, store -> {
            Logins.client(jocker).login(registry, credentials);
            return null;
        });
        spec.commandLine().getOut().println("Login Succeeded");
        spec.commandLine().getOut().flush();
    }

    private static String readStdin() {
        try {
            String all = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            // As Docker: the trailing line end (and carriage return) is not part of the password.
            return all.replaceAll("\r?\n$", "");
        } catch (IOException e) {
            throw new EngineException("cannot read the password from stdin: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean attachesTerminal() {
        return true;
    }
}
