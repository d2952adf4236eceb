package io.jocker.cli;

import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.container.ExecRequest;
import io.jocker.engine.container.ExecService;
import io.jocker.spi.ContainerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker exec}: run a command in a running container, exit with its status. */
@Command(name = "exec", description = "Execute a command in a running container")
final class ExecCommand implements Callable<Integer>, Attaching {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background")
    boolean detach;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read in a file of environment variables")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container")
    String workingDir;

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = "--privileged", description = "Give extended privileges to the command")
    boolean privileged;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ExecRequest request = new ExecRequest(command, EnvFiles.entries(envFiles.stream().map(jocker.caller()::resolve).toList(), env, jocker.caller().environment()), workingDir, user,
                tty && !detach, privileged);
        ExecService exec = jocker.engine().service(ExecService.class);
        try (Attachment attachment = new Attachment(tty && !detach, interactive && !detach, jocker.caller())) {
            ContainerProcess process;
            try {
                process = exec.exec(container, request, attachment.stdio());
            } catch (ContainerStartException e) {
                spec.commandLine().getErr().println("jocker: " + e.getMessage());
                return e.exitCode();
            }
            if (detach) {
                reapInBackground(process);
                return 0;
            }
            return attachment.waitFor(process).shellCode();
        }
    }

    @Override
    public boolean attachesTerminal() {
        return !detach && (tty || interactive);
    }

    /** The process is this JVM's child; the supervisor (the fast path) outlives it and must reap it. */
    private static void reapInBackground(ContainerProcess process) {
        Thread reaper = new Thread(() -> {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jocker-exec-reaper");
        reaper.setDaemon(true);
        reaper.start();
    }
}
