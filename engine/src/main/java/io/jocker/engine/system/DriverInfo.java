package io.jocker.engine.system;

/**
 * One discovered driver as {@code jocker info} shows it.
 *
 * @param kind e.g. "storage driver"
 * @param name the driver name
 * @param directory the plugin directory it came from
 * @param supported whether it works on this host
 * @param reason why not, when not
 * @param selected whether it is the one in use
 */
public record DriverInfo(String kind, String name, String directory, boolean supported, String reason, boolean selected) {}
