package io.jocker.spi;

import java.time.Instant;

/**
 * Everything jocker knows about one container, as stored by a {@link StateStore}.
 *
 * <p>Build one with {@link #builder()} (or change one with {@link #toBuilder()}): the SPI may add
 * fields, which adds builder methods, while the canonical constructor's arguments change.
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
        return toBuilder().state(newState).build();
    }

    public ContainerRecord withName(String newName) {
        return toBuilder().name(newName).build();
    }

    public ContainerRecord withHostConfig(HostConfig newHostConfig) {
        return toBuilder().hostConfig(newHostConfig).build();
    }

    public ContainerRecord withRestartCount(int count) {
        return toBuilder().restartCount(count).build();
    }

    /** A builder with every field at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields. */
    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .name(name)
                .created(created)
                .image(image)
                .imageId(imageId)
                .config(config)
                .hostConfig(hostConfig)
                .state(state)
                .storageDriver(storageDriver)
                .cgroupDriver(cgroupDriver)
                .restartCount(restartCount);
    }

    /** Builds a {@link ContainerRecord}; the SPI may add fields, which adds methods here. */
    public static final class Builder {
        private String id;
        private String name;
        private Instant created;
        private String image;
        private String imageId;
        private ContainerConfig config;
        private HostConfig hostConfig;
        private ContainerState state;
        private String storageDriver;
        private String cgroupDriver;
        private int restartCount;

        private Builder() {}

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder created(Instant created) {
            this.created = created;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder imageId(String imageId) {
            this.imageId = imageId;
            return this;
        }

        public Builder config(ContainerConfig config) {
            this.config = config;
            return this;
        }

        public Builder hostConfig(HostConfig hostConfig) {
            this.hostConfig = hostConfig;
            return this;
        }

        public Builder state(ContainerState state) {
            this.state = state;
            return this;
        }

        public Builder storageDriver(String storageDriver) {
            this.storageDriver = storageDriver;
            return this;
        }

        public Builder cgroupDriver(String cgroupDriver) {
            this.cgroupDriver = cgroupDriver;
            return this;
        }

        public Builder restartCount(int restartCount) {
            this.restartCount = restartCount;
            return this;
        }

        public ContainerRecord build() {
            return new ContainerRecord(id, name, created, image, imageId, config, hostConfig, state, storageDriver,
                cgroupDriver, restartCount);
        }
    }
}
