package io.jocker.cgroups.v1;

import io.jocker.spi.CgroupException;
import io.jocker.spi.Resources;
import java.nio.file.Path;

/** One cgroup v1 controller, mounted at {@link #mount()} (possibly shared with other controllers). */
interface Controller {

    /** The controller's kernel name, for example {@code memory}. */
    String name();

    /** The hierarchy's mount point. */
    Path mount();

    /** Whether {@code resources} sets a limit that this controller enforces. */
    default boolean governs(Resources resources) {
        return false;
    }

    /** Checks the limits against the host before anything is created. */
    default void validate(Resources resources) throws CgroupException {}

    /**
     * Prepares a parent of container cgroups ({@code jocker/}, or one on a caller's path) under
     * {@code parent}, each time one is created in it: it may be new, or left empty by an
     * interrupted earlier run.
     */
    default void initialiseParent(Path parent, Path dir) throws CgroupException {}

    /** Prepares a freshly made container cgroup before any task joins. */
    default void initialise(Path parent, Path dir) throws CgroupException {}

    /** Writes the limits that are set; unset (null) limits are left alone. */
    default void apply(Path dir, Resources resources) throws CgroupException {}
}
