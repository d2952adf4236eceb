package io.jocker.cli;

import io.jocker.engine.Containers;
import io.jocker.engine.cp.CopyException;
import io.jocker.engine.cp.CopyService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jocker cp}: files between a container and the local file system, or a tar stream on
 * stdin or stdout ({@code -}), as Docker's client splits and resolves its arguments; the engine's
 * {@link CopyService} does the copy.
 */
@Command(name = "cp", description = {"Copy files/folders between a container and the local filesystem", "",
        "Use '-' as the source to read a tar archive from stdin", "and extract it to a directory destination in a container.",
        "Use '-' as the destination to stream a tar archive of a", "container source to stdout."},
        customSynopsis = {"${COMMAND-FULL-NAME} [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-", "       ${COMMAND-FULL-NAME} [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH"})
final class CpCommand implements Callable<Integer>, Attaching {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-L", "--follow-link"}, description = "Always follow symlinks in SRC_PATH")
    boolean followLink;

    @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)")
    boolean archive;

    @Option(names = {"-q", "--quiet"}, description = "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SRC")
    String source;

    @Parameters(index = "1", paramLabel = "DEST")
    String destination;

    @Override
    public Integer call() {
        if (source.isEmpty()) {
            throw new CopyException("source can not be empty");
        }
        if (destination.isEmpty()) {
            throw new CopyException("destination can not be empty");
        }
        CopyArgument from = CopyArgument.parse(source);
        CopyArgument to = CopyArgument.parse(destination);
        if (from.container() != null && to.container() != null) {
            throw new CopyException("copying between containers is not supported");
        }
        if (from.container() == null && to.container() == null) {
            throw new CopyException("must specify at least one container source");
        }
        Containers copies = jocker.engine().containers();
        if (from.container() != null) {
            fromContainer(copies, from, to.path());
        } else {
            toContainer(copies, from.path(), to);
        }
        return 0;
    }

    private void fromContainer(Containers copies, CopyArgument from, String target) {
        if (target.equals("-")) {
            try {
                OutputTarget.toCallerStdout(jocker.caller(), out -> copies.archiveFromContainer(from.container(), from.path(), followLink, out));
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new CopyException(e.getMessage(), e);
            }
            return;
        }
        String local = local(target);
        long copied = copies.copyFromContainer(from.container(), from.path(), local, followLink);
        summary(copied, local);
    }

    private void toContainer(Containers copies, String local, CopyArgument to) {
        if (local.equals("-")) {
            copies.extractToContainer(System.in, to.container(), to.path(), archive);
            return;
        }
        long copied = copies.copyToContainer(local(local), to.container(), to.path(), followLink, archive);
        summary(copied, to.container() + ":" + to.path());
    }

    /** An absolute local path, relative to the caller's directory, its trailing {@code /} or {@code /.} kept. */
    private String local(String path) {
        String absolute = jocker.caller().resolve(Path.of(path)).normalize().toString();
        if (path.endsWith("/.") || path.equals(".")) {
            return absolute.endsWith("/") ? absolute + "." : absolute + "/.";
        }
        return path.endsWith("/") && !absolute.endsWith("/") ? absolute + "/" : absolute;
    }

    /** Docker's last line on a terminal; a script (no terminal) gets none, as with Docker. */
    private void summary(long bytes, String target) {
        if (!quiet && OutputTarget.isTerminal(jocker.caller().pid())) {
            spec.commandLine().getErr().println("Successfully copied " + Units.humanDecimal(bytes) + " to " + target);
            spec.commandLine().getErr().flush();
        }
    }

    @Override
    public boolean attachesTerminal() {
        return source.equals("-");
    }
}
