package io.jocker.namespaces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the user command in the container's {@code PATH}, as execvp would, after the pivot. */
final class CommandResolver {

    /** Docker's default when the image sets no PATH. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private CommandResolver() {}

    /** The paths to try, in order: the command itself when it has a slash, else every existing PATH entry. */
    static List<String> candidates(String command, List<String> env) {
        if (command.contains("/")) {
            return List.of(command);
        }
        List<String> found = new ArrayList<>();
        if (command.isEmpty()) {
            return found;
        }
        for (String dir : path(env).split(":", -1)) {
            String candidate = (dir.isEmpty() ? "." : dir) + "/" + command;
            Path file = Path.of(candidate);
            if (Files.exists(file) && !Files.isDirectory(file)) {
                found.add(candidate);
            }
        }
        return found;
    }

    /** Every {@code dir/command} of the PATH in {@code env}, existing or not, for a lookup done elsewhere. */
    static List<String> searchPath(String command, List<String> env) {
        List<String> paths = new ArrayList<>();
        for (String dir : path(env).split(":", -1)) {
            if (dir.startsWith("/")) {
                paths.add(dir + "/" + command);
            }
        }
        return paths;
    }

    private static String path(List<String> env) {
        String path = null;
        for (String entry : env) {
            if (entry.startsWith("PATH=")) {
                path = entry.substring("PATH=".length());
            }
        }
        return path != null ? path : DEFAULT_PATH;
    }

    /** Docker's message when nothing was found. */
    static String notFoundMessage(String command) {
        if (command.contains("/")) {
            return "exec: \"" + command + "\": stat " + command + ": no such file or directory";
        }
        return "exec: \"" + command + "\": executable file not found in $PATH";
    }
}
