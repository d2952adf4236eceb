package io.jocker.spi;

/**
 * A device node the isolator creates in the container's {@code /dev} ({@code --device}).
 *
 * @param path the absolute path inside the container
 * @param type {@code c} (character) or {@code b} (block)
 * @param major the device's major number
 * @param minor the device's minor number
 * @param mode its permission bits
 * @param uid its owner
 * @param gid its group
 */
public record DeviceNode(String path, char type, int major, int minor, int mode, int uid, int gid) {}
