package io.jocker.spi;

import io.jocker.spi.support.CgroupNames;
import java.util.List;
import java.util.Optional;

/**
 * Creates and finds one cgroup per container, at {@code jocker/<containerId>} in each hierarchy
 * the driver uses, or at a path its caller names ({@link #createAt}). A driver never writes
 * outside its {@code jocker/} subtree but for such a path and its missing parents.
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

    /**
     * Creates a cgroup at {@code path}, relative to each hierarchy's root (checked with {@link
     * CgroupNames#checkPath}), such as {@code jocker/abc} or {@code jocker/pod1/abc}: an OCI
     * runtime's {@code cgroupsPath}. Missing parents are created and left in place; the cgroup
     * itself must not exist. The default serves only what {@link #create} makes, {@code
     * jocker/<id>}, and refuses other paths.
     *
     * @since SPI 1.3
     */
    default ContainerCgroup createAt(String path, Resources resources) throws CgroupException {
        String id = CgroupNames.idOf(CgroupNames.checkPath(path)).orElseThrow(() -> new CgroupException(
                "the cgroup driver " + name() + " cannot create a cgroup at " + path + ", only at "
                        + CgroupNames.SUBTREE + "/<id>"));
        return create(id, resources);
    }

    /**
     * The cgroup at {@code path} if it exists. The default serves only what {@link #create}
     * makes, {@code jocker/<id>}.
     *
     * @since SPI 1.3
     */
    default Optional<ContainerCgroup> openAt(String path) {
        return CgroupNames.idOf(path).flatMap(this::open);
    }
}
