package io.jocker.cgroups.v2;

/**
 * One value to write into a container's cgroup.
 *
 * @param controller the v2 controller that provides {@code file}
 * @param file the interface file, for example {@code memory.max}
 * @param value what to write
 */
record LimitWrite(String controller, String file, String value) {}
