package io.jocker.images;

/** The media types of OCI image layouts and Docker's equivalents that archives written by other tools use. */
final class OciMediaTypes {

    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** containerd's annotation with the full image name, which Docker 25 writes and reads. */
    static final String IMAGE_NAME = "io.containerd.image.name";
    /** The OCI annotation with the tag (or, from some tools, a full reference). */
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    private OciMediaTypes() {}

    static boolean isIndex(String mediaType) {
        return INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }
}
