package io.jocker.images;

import java.util.Map;

/**
 * An image fetched from a registry, ready to be published by {@link ImageStore#storePulled}.
 *
 * @param config the config blob exactly as served (its sha256 is the image id), already checked against its digest
 * @param layers the layers this pull unpacked, by chain id; the others are stored already
 * @param tag the tag to set, or null for a pull by digest
 * @param repository the familiar repository name, for the digest reference
 * @param manifestDigest the digest of the manifest (or index) the image was pulled by: Docker's RepoDigest
 */
public record PulledImage(byte[] config, Map<String, StagedLayer> layers, Reference tag, String repository, String manifestDigest) {

    public PulledImage {
        layers = Map.copyOf(layers);
    }
}
