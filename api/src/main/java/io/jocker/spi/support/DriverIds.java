package io.jocker.spi.support;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns layer and container ids into directory names. Ids are chain ids such as
 * {@code sha256:<hex>} or plain hex; anything else could name a path outside the driver's home
 * or break the colon-separated {@code lowerdir} option, so it is refused.
 */
public final class DriverIds {

    private static final Pattern ID = Pattern.compile("(?:[a-z0-9]+:)?[A-Za-z0-9][A-Za-z0-9.-]{0,127}");

    private DriverIds() {}

    /** The directory name for {@code id}: the algorithm's colon becomes an underscore, which ids never contain. */
    public static String key(String id) {
        if (id == null || !ID.matcher(id).matches() || id.contains("..")) {
            throw new IllegalArgumentException("invalid layer or container id \"" + id
                    + "\": expected [algorithm:]hex such as sha256:3f4a...");
        }
        return id.replace(':', '_');
    }

    /** The id whose {@link #key} is {@code key}, if {@code key} is one. */
    public static Optional<String> idOf(String key) {
        String id = key.replaceFirst("_", ":");
        return ID.matcher(id).matches() && !id.contains("..") ? Optional.of(id) : Optional.empty();
    }
}
