package io.jocker.oci;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "exec", description = "Run a further process in a container, with the container's hardening.")
final class ExecCommand implements Callable<Integer> {

    @ParentCommand
    RuncCommand globals;

    @Option(names = {"-p", "--process"}, description = "a JSON file with the process (the config's process section)")
    Path processFile;

    @Option(names = {"-d", "--detach"}, description = "return once the process runs")
    boolean detach;

    @Option(names = "--pid-file", description = "write the process's PID to this file")
    Path pidFile;

    @Option(names = {"-t", "--tty"}, description = "give the process a terminal")
    boolean tty;

    @Option(names = "--console-socket", description = "a Unix socket to send the terminal's pty master to (with -d)")
    Path consoleSocket;

    @Option(names = "--cwd", description = "the working directory in the container")
    String cwd;

    @Option(names = {"-e", "--env"}, description = "KEY=VALUE added to the config's environment")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, description = "UID[:GID]")
    String user;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "COMMAND")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return globals.execute("exec " + id, () -> {
            if (processFile == null && args.isEmpty()) {
                throw new OciException("exec needs a command or --process");
            }
            OciRuntime runtime = globals.runtime();
            OciConfig.Process fromFile = processFile == null ? null
                    : new BundleReader(globals.lazyMapper()).readProcess(processFile);
            OciConfig.User parsedUser = user == null ? null : parseUser(user);
            return runtime.exec(id, new OciRuntime.ExecRequest(config -> {
                OciConfig.Process base = fromFile != null ? fromFile : config;
                List<String> environment = new ArrayList<>(base.env());
                environment.addAll(env);
                // As runc: the process file says whether there is a terminal, or else --tty; never the bundle's config.
                boolean terminal = fromFile != null ? Boolean.TRUE.equals(fromFile.terminal()) || tty : tty;
                return new OciConfig.Process(terminal, fromFile != null ? fromFile.consoleSize() : null, parsedUser != null ? parsedUser : base.user(),
                        args.isEmpty() ? base.args() : args, environment, cwd != null ? cwd : base.cwd(), base.capabilities(),
                        base.rlimits(), base.noNewPrivileges(), base.apparmorProfile(), base.oomScoreAdj(), base.selinuxLabel());
            }, detach, new PidFile(pidFile), consoleSocket));
        });
    }

    static OciConfig.User parseUser(String value) throws OciException {
        String[] parts = value.split(":", -1);
        try {
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            int uid = Integer.parseInt(parts[0]);
            int gid = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
            if (uid < 0 || gid < 0) {
                throw new NumberFormatException();
            }
            return new OciConfig.User(uid, gid, null, List.of());
        } catch (NumberFormatException e) {
            throw new OciException("invalid --user \"" + value + "\": UID[:GID], numbers");
        }
    }
}
