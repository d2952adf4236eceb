package io.jocker.supervisor;

import io.jocker.engine.base.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a fast-path client's launcher belongs to this supervisor's build of jocker: its
 * distribution's {@code lib/build} names the build that this JVM's jars come from. A
 * distribution upgraded while a supervisor runs, or another one on the same root, has its
 * commands run in a JVM of its own, never by a supervisor with other code.
 */
final class LauncherBuild {

    private static final String OWN = Version.build();

    private LauncherBuild() {}

    /**
     * The launcher's distribution, if it is of this build.
     *
     * @param launcher the launcher's path as it was started ({@code $0}), which may be relative
     *     to {@code workingDir} or a symlink: its distribution is where the launcher itself
     *     finds it, above the real {@code bin/}
     */
    static Optional<Path> homeOf(String launcher, Path workingDir) {
        try {
            Path home = workingDir.resolve(launcher).toRealPath().getParent().getParent();
            boolean same = !OWN.equals("unknown") && Files.readString(home.resolve("lib/build")).trim().equals(OWN);
            return same ? Optional.of(home) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
