package io.jocker.engine.image;

/**
 * What the store knows about a layer kept by the storage driver under its chain id.
 *
 * @param size bytes of the uncompressed layer tar
 */
public record LayerRecord(String chainId, String diffId, long size) {}
