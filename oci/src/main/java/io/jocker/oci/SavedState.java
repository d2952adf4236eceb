package io.jocker.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.jocker.spi.support.CgroupNames;
import java.util.Map;

/**
 * What {@code create} records in {@code ROOT/ID/state.json}; the status is not recorded but
 * observed (see {@link ContainerStore#status}).
 *
 * @param ociVersion the config's spec version
 * @param id the container id
 * @param pid the init's host PID
 * @param startTime its start time in clock ticks since boot, which tells a reused PID apart
 * @param bundle the bundle's absolute path
 * @param rootfs the root file system's absolute path
 * @param created when it was created, RFC 3339
 * @param annotations the config's annotations
 * @param cgroupDriver the cgroup driver that made its cgroup
 * @param hooks the config's hooks, for start and delete, which do not read the bundle again
 * @param cgroupPath its cgroup's path relative to each hierarchy's root ({@code jocker/ID} in
 *     state written before cgroupsPath was honoured)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SavedState(String ociVersion, String id, long pid, long startTime, String bundle, String rootfs, String created,
        Map<String, String> annotations, String cgroupDriver, OciConfig.Hooks hooks, String cgroupPath) {

    SavedState {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        cgroupPath = cgroupPath == null ? CgroupNames.SUBTREE + "/" + id : cgroupPath;
    }
}
