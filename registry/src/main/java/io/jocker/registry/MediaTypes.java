package io.jocker.registry;

/** The manifest and layer media types of the OCI image spec and of Docker's image manifest v2, schema 2. */
final class MediaTypes {

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    static final String DOCKER_SCHEMA1_PLAIN = "application/vnd.docker.distribution.manifest.v1+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /** Blobs a Docker schema 2 manifest may list as {@link #DOCKER_LAYER}: gzip'd tars, by Docker's name or OCI's. */
    static final java.util.Set<String> DOCKER_LAYER_TYPES = java.util.Set.of(DOCKER_LAYER, "application/vnd.oci.image.layer.v1.tar+gzip");
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

    /** What a pull accepts, in the order Docker lists them in its Accept header. */
    static final String ACCEPT = String.join(", ", DOCKER_MANIFEST, DOCKER_LIST, OCI_MANIFEST, OCI_INDEX);

    private MediaTypes() {}

    static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
    }

    static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /** Layers jocker unpacks: tar, gzip'd tar and zstd'd tar, Docker's and OCI's names for them. */
    static boolean isLayer(String mediaType) {
        return switch (mediaType) {
            case DOCKER_LAYER, "application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+gzip",
                    "application/vnd.oci.image.layer.v1.tar+zstd", "application/vnd.docker.image.rootfs.diff.tar" -> true;
            default -> false;
        };
    }
}
