package io.jocker.spi;

/**
 * A named factory for one kind of driver.
 *
 * <p>Implementers must guarantee: {@link #name()} is a constant, lower-case word unique among
 * drivers of the same kind (the engine refuses duplicates); {@link #isSupported(Host)} has no
 * side effects and never throws, answering with a reason a user can act on; {@link
 * #create(DriverContext)} is called only after {@code isSupported} said yes and does no more
 * work than the driver needs to exist (probing belongs in {@code isSupported}).
 *
 * @param <D> the driver type
 */
public interface DriverFactory<D> {

    /** The name users pass to {@code --storage-driver} or {@code --cgroup-driver}. */
    String name();

    /**
     * Rank used by {@code auto}: among supported drivers, the highest priority wins. In-tree
     * defaults use 0 to 100; a third-party driver that should not win {@code auto} returns a
     * negative number.
     */
    default int priority() {
        return 0;
    }

    /** Whether this driver can work on the given host, and if not, why. */
    Support isSupported(Host host);

    /** Creates the driver. */
    D create(DriverContext context);
}
