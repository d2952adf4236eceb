package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -l/--label} and {@code --label-file}, as Docker's client reads them: the files' lines
 * first (read as env files are, a key with white space refused), then the flags; {@code KEY}
 * alone is a label with an empty value, and a later label replaces an earlier one of its key.
 */
final class Labels {

    private Labels() {}

    static Map<String, String> of(List<Path> files, List<String> flags) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Path file : files) {
            for (String entry : EnvFiles.entries(file)) {
                String key = key(entry);
                if (key.isEmpty()) {
                    throw new InvalidRequestException("no variable name on line '" + entry + "'");
                }
                if (key.chars().anyMatch(Character::isWhitespace)) {
                    throw new InvalidRequestException("variable '" + key + "' contains whitespaces");
                }
                put(labels, entry);
            }
        }
        flags.forEach(flag -> put(labels, flag));
        return labels;
    }

    private static void put(Map<String, String> labels, String entry) {
        int eq = entry.indexOf('=');
        labels.put(key(entry), eq < 0 ? "" : entry.substring(eq + 1));
    }

    private static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }
}
