package io.jocker.registry;

/**
 * An OCI content descriptor: what a manifest says of a blob or of another manifest.
 *
 * @param platform the platform of an index entry, or null
 */
public record Descriptor(String mediaType, String digest, long size, Platform platform) {}
