package io.jocker.spi;

import java.util.List;
import java.util.Optional;

/**
 * Creates and finds one cgroup per container, at {@code jocker/<containerId>} in each hierarchy
 * the driver uses. A driver never writes outside its {@code jocker/} subtree.
 *
 * <p>Implementers must guarantee: {@link #create} validates every limit against what the host
 * offers before creating anything, and on failure leaves no directory behind; a limit that needs
 * a controller the host lacks fails with a {@link CgroupException} naming the controller.
 */
public interface CgroupDriver {

    /** The driver's name, as its factory reports it. */
    String name();

    /** The controllers this driver can use on this host, for {@code jocker info}. */
    List<String> controllers();

    /** The cgroup version this driver works with ({@code "1"} or {@code "2"}), for {@code jocker info}; empty if neither. */
    default String cgroupVersion() {
        return "";
    }

    /** Creates the container's cgroup with the given limits applied. */
    ContainerCgroup create(String containerId, Resources resources) throws CgroupException;

    /** The container's cgroup if it exists. */
    Optional<ContainerCgroup> open(String containerId);
}
