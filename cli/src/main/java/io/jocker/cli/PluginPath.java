package io.jocker.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where plugins are looked for: {@code plugins/} of the caller's distribution (its launcher's;
 * in the launcher's JVM, {@code -Djocker.home}), then every directory in {@code JOCKER_PLUGIN_PATH}.
 */
final class PluginPath {

    static final String ENV = "JOCKER_PLUGIN_PATH";

    private PluginPath() {}

    /** With {@code home} the caller's distribution (or null) and {@code env} its environment. */
    static List<Path> directories(Path home, Map<String, String> env) {
        List<Path> dirs = new ArrayList<>();
        if (home != null) {
            dirs.add(home.resolve("plugins"));
        }
        String extra = env.get(ENV);
        if (extra != null) {
            for (String dir : extra.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        return dirs;
    }
}
