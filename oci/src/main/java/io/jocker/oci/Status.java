package io.jocker.oci;

import java.util.Locale;

/** The runtime spec's container states. */
enum Status {
    CREATING, CREATED, RUNNING, STOPPED;

    /** As the spec writes it: {@code created}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
