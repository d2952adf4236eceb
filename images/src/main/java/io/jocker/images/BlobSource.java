package io.jocker.images;

/**
 * Where a registry holds a layer's blob: a repository it was pulled from or pushed to. A push
 * reuses it (the registry has it already, or mounts it from that repository) instead of
 * compressing and uploading the layer again.
 *
 * @param digest the blob's digest (of its compressed bytes)
 * @param size the blob's size in bytes
 * @param mediaType the blob's media type, as its manifest stated it
 * @param repository {@code host[:port]/path} of the repository, as a reference names it
 */
public record BlobSource(String digest, long size, String mediaType, String repository) {}
