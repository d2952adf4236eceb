package io.jocker.registry;

import io.jocker.images.ImageName;

/**
 * What a pull stored.
 *
 * @param reference the reference pulled, normalised ({@code docker.io/library/busybox:latest})
 * @param imageId the image id (its config's digest)
 * @param digest the digest of the manifest or index the reference named
 * @param downloaded whether anything new was stored; false: {@code Image is up to date}
 */
public record PullResult(ImageName reference, String imageId, String digest, boolean downloaded) {}
