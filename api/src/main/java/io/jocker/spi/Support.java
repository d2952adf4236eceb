package io.jocker.spi;

import java.util.Objects;

/**
 * Whether a driver works on this host. A negative answer always carries a reason a user can act
 * on, for example {@code "aufs is not in /proc/filesystems (this kernel has no aufs)"}.
 */
public record Support(boolean supported, String reason) {

    public Support {
        Objects.requireNonNull(reason, "reason");
        if (!supported && reason.isBlank()) {
            throw new IllegalArgumentException("an unsupported driver must say why");
        }
    }

    public static Support yes() {
        return new Support(true, "");
    }

    public static Support no(String reason) {
        return new Support(false, reason);
    }
}
