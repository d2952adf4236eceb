package io.jocker.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where plugins are looked for: {@code $JOCKER_HOME/plugins} of the distribution (the launcher
 * sets {@code -Djocker.home}), then every directory in {@code JOCKER_PLUGIN_PATH}.
 */
final class PluginPath {

    private PluginPath() {}

    static List<Path> directories() {
        List<Path> dirs = new ArrayList<>();
        String home = System.getProperty("jocker.home");
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home, "plugins"));
        }
        String extra = System.getenv("JOCKER_PLUGIN_PATH");
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
