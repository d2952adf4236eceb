package io.jocker.engine.system;

import java.util.List;

/**
 * The cgroup driver as {@code jocker info} shows it.
 *
 * @param driver the selected driver's name
 * @param version the cgroup version it drives, empty if unknown
 * @param controllers the controllers it can use on this host
 */
public record CgroupInfo(String driver, String version, List<String> controllers) {

    public CgroupInfo {
        controllers = List.copyOf(controllers);
    }
}
