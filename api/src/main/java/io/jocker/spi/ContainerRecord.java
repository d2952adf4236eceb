package io.jocker.spi;

import java.time.Instant;

/**
 * Everything jocker knows about one container, as stored by a {@link StateStore}.
 *
 * @param id 64 lower-case hex digits
 * @param name the unique name, without Docker's leading slash
 * @param created when the container was created
 * @param image the image reference the user gave
 * @param imageId the image's config digest ({@code sha256:...})
 * @param config what runs inside
 * @param hostConfig how the host runs it
 * @param state the run state
 * @param storageDriver the storage driver that holds its root file system
 * @param cgroupDriver the cgroup driver that holds its cgroup
 * @param restartCount how many times a restart policy restarted it
 */
public record ContainerRecord(
        String id,
        String name,
        Instant created,
        String image,
        String imageId,
        ContainerConfig config,
        HostConfig hostConfig,
        ContainerState state,
        String storageDriver,
        String cgroupDriver,
        int restartCount) {

    public ContainerRecord withState(ContainerState newState) {
        return new ContainerRecord(id, name, created, image, imageId, config, hostConfig, newState,
                storageDriver, cgroupDriver, restartCount);
    }

    public ContainerRecord withName(String newName) {
        return new ContainerRecord(id, newName, created, image, imageId, config, hostConfig, state,
                storageDriver, cgroupDriver, restartCount);
    }

    public ContainerRecord withHostConfig(HostConfig newHostConfig) {
        return new ContainerRecord(id, name, created, image, imageId, config, newHostConfig, state,
                storageDriver, cgroupDriver, restartCount);
    }

    public ContainerRecord withRestartCount(int count) {
        return new ContainerRecord(id, name, created, image, imageId, config, hostConfig, state,
                storageDriver, cgroupDriver, count);
    }
}
