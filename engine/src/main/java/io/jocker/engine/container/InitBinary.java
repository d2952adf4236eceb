package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code run --init}: jocker's own init ({@code libexec/jocker-init}, a small static program, no
 * JVM) runs as PID 1 and runs the command as its child, forwarding signals and reaping zombies.
 * It is bind-mounted read-only where Docker mounts its {@code docker-init}; like Docker's, the
 * mount is not one of the container's recorded mounts.
 */
final class InitBinary {

    /** Where the init appears in the container, as Docker's does. */
    static final String DESTINATION = "/sbin/docker-init";

    private InitBinary() {}

    /** The command the isolator runs: the init, then {@code args}. */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(DESTINATION, "--"));
        command.addAll(args);
        return command;
    }

    /** The read-only bind mount of the distribution's init. */
    static Mount mount() {
        String home = System.getProperty("jocker.home");
        Path binary = home == null ? null : Path.of(home, "libexec", "jocker-init");
        if (binary == null || !Files.isRegularFile(binary)) {
            throw new InvalidRequestException("--init: jocker's init is missing" + (binary == null ? "" : " from " + binary)
                    + "; reinstall jocker");
        }
        return new Mount("bind", binary.toString(), DESTINATION, List.of("rbind", "ro", "rprivate"));
    }
}
