package io.jocker.spi;

/**
 * A host device given to a container ({@code --device}), in Docker's shape.
 *
 * @param pathOnHost the host's device node
 * @param pathInContainer where the container sees it
 * @param cgroupPermissions what the devices cgroup allows: {@code r}, {@code w}, {@code m} or a mix
 */
public record DeviceMapping(String pathOnHost, String pathInContainer, String cgroupPermissions) {}
