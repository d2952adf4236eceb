package io.jocker.registry;

/**
 * An OCI platform, {@code os/architecture[/variant]}, as an image index lists them; {@code
 * variant} is empty for the architecture's default.
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        variant = variant == null ? "" : variant;
    }

    /** Whether an index entry's platform is this one: an entry without a variant matches any. */
    boolean matches(Platform entry) {
        return os.equals(entry.os) && architecture.equals(entry.architecture)
                && (variant.isEmpty() || entry.variant.isEmpty() || variant.equals(entry.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
