package io.jocker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code -e} and {@code --env-file} as Docker reads them; {@code KEY} alone takes the caller's value if set. */
final class EnvFiles {

    private EnvFiles() {}

    static List<String> entries(List<Path> envFiles, List<String> envFlags, Map<String, String> callerEnv) {
        List<String> out = new ArrayList<>();
        for (Path file : envFiles) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("open " + file + ": no such file or directory");
            }
            for (String line : lines) {
                String trimmed = line.stripLeading();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                add(out, trimmed, callerEnv);
            }
        }
        for (String flag : envFlags) {
            add(out, flag, callerEnv);
        }
        return out;
    }

    private static void add(List<String> out, String entry, Map<String, String> callerEnv) {
        int eq = entry.indexOf('=');
        String key = eq < 0 ? entry : entry.substring(0, eq);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("invalid environment variable: " + entry);
        }
        if (key.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("variable '" + key + "' contains whitespaces");
        }
        if (eq >= 0) {
            out.add(entry);
        } else if (callerEnv.containsKey(key)) {
            out.add(key + "=" + callerEnv.get(key));
        }
    }
}
