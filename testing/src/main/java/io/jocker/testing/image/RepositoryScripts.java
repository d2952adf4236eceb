package io.jocker.testing.image;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a script of this repository from a test's working directory, which is a module below its root. */
final class RepositoryScripts {

    private RepositoryScripts() {}

    /** {@code relative} (such as {@code scripts/x.sh}) above the working directory, or where {@code property} says. */
    static Path find(String relative, String property) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + relative + " above " + Path.of("").toAbsolutePath()
                + "; set -D" + property + "=/path/to/" + Path.of(relative).getFileName());
    }
}
