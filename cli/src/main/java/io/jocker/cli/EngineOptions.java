package io.jocker.cli;

import io.jocker.engine.Engine;
import io.jocker.engine.base.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The engine a command line asks for: its global options, else the caller's {@code JOCKER_*}
 * environment, else the defaults; relative paths are the caller's. In the supervisor the caller
 * is another process (the fast path), whose environment and working directory are the ones that
 * count, not the supervisor's.
 *
 * @param root the jocker root, absolute
 * @param pluginDirs the plugin directories that exist: the caller's distribution's, then {@code JOCKER_PLUGIN_PATH}'s
 */
record EngineOptions(Path root, String storageDriver, String cgroupDriver, List<Path> pluginDirs) {

    static final String ROOT_ENV = "JOCKER_ROOT";
    static final String STORAGE_DRIVER_ENV = "JOCKER_STORAGE_DRIVER";
    static final String CGROUP_DRIVER_ENV = "JOCKER_CGROUP_DRIVER";
    static final String AUTO = "auto";

    EngineOptions {
        pluginDirs = List.copyOf(pluginDirs);
    }

    /** Each argument null when its option was not given. */
    static EngineOptions of(Path root, String storageDriver, String cgroupDriver, Caller caller) {
        Map<String, String> env = caller.environment();
        Path chosenRoot = root != null ? root : Path.of(env.getOrDefault(ROOT_ENV, EngineConfig.DEFAULT_ROOT.toString()));
        return new EngineOptions(caller.resolve(chosenRoot).normalize(),
                storageDriver != null ? storageDriver : env.getOrDefault(STORAGE_DRIVER_ENV, AUTO),
                cgroupDriver != null ? cgroupDriver : env.getOrDefault(CGROUP_DRIVER_ENV, AUTO),
                PluginPath.directories(caller.home(), env).stream().map(caller::resolve).filter(Files::isDirectory)
                        .map(EngineOptions::realPath).toList());
    }

    /** A directory's one name, so that two ways to it compare equal (a distribution found through "..", or a symlink). */
    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    Engine build() {
        Engine.Builder builder = Engine.builder().root(root).storageDriver(storageDriver).cgroupDriver(cgroupDriver);
        pluginDirs.forEach(builder::pluginDir);
        return builder.build();
    }

    /** Whether an engine built from {@code other} is this one: the same root (however reached), drivers and plugins. */
    boolean sameEngineAs(EngineOptions other) {
        return storageDriver.equals(other.storageDriver) && cgroupDriver.equals(other.cgroupDriver)
                && pluginDirs.equals(other.pluginDirs) && sameFile(root, other.root);
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
