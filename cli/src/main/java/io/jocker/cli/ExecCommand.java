package io.jocker.cli;

import io.jocker.engine.Containers;
import io.jocker.engine.container.ContainerStartException;
import io.jocker.engine.container.ExecRequest;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.Stdio;
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

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ExecRequest request = new ExecRequest(command, EnvFiles.entries(envFiles.stream().map(jocker.caller()::resolve).toList(), env, jocker.caller().environment()), workingDir, user,
                tty && !detach, privileged);
        Containers exec = jocker.engine().containers();
        try {
            if (detach) {
                reapInBackground(execDetached(exec, request));
                return 0;
            }
            if (tty && interactive && !CallerTerminal.isTerminal(0)) {
                // As Docker's client: a container that does not exist is reported first.
                jocker.engine().containers().find(container);
                Failures.print(spec.commandLine().getErr(), CallerTerminal.NOT_A_TTY);
                return Failures.FAILED;
            }
            try (Attachment attachment = new Attachment(tty, interactive, jocker.caller())) {
                ContainerProcess process = exec.exec(container, request, attachment.stdio());
                return attachment.waitFor(process).shellCode();
            }
        } catch (ContainerStartException e) {
            Failures.print(spec.commandLine().getErr(), e.getMessage());
            // 126 and 127 say why the command could not run; any other failure of exec is Docker's 1, not run's 125.
            return e.exitCode() == Failures.USAGE ? Failures.FAILED : e.exitCode();
        }
    }

    /**
     * Docker's {@code exec -d}: the process holds none of the caller's descriptors, so that nothing
     * waits for it to end: not a shell reading this command's output, nor the fast path's launcher,
     * which relays the output until every writer is gone.
     */
    private ContainerProcess execDetached(Containers exec, ExecRequest request) throws LinuxException {
        int devNull = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
        try {
            return exec.exec(container, request, Stdio.of(devNull, devNull, devNull));
        } finally {
            Fds.closeQuietly(devNull);
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
