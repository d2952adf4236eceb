package io.jocker.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where plugins are looked for: {@code $JOCKER_HOME/plugins} of the distribution (the launcher
 * sets {@code -Djocker.home}), then every directory in {@code JOCKER_PLUGIN_PATH}.
 */
final class PluginPath {

    static final String ENV = "JOCKER_PLUGIN_PATH";

    private PluginPath() {}

    /** With {@code env} the caller's environment. */
    static List<Path> directories(Map<String, String> env) {
        List<Path> dirs = new ArrayList<>();
        String home = System.getProperty("jocker.home");
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home, "plugins"));
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
