package io.jocker.oci;

import java.util.Locale;

/** The runtime spec's container states, and runc's paused (a running container whose cgroup is frozen). */
enum Status {
    CREATING, CREATED, RUNNING, PAUSED, STOPPED;

    /** As the spec writes it: {@code created}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
