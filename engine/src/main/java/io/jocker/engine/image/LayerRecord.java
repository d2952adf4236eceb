package io.jocker.engine.image;

/**
 * What the store knows about a layer kept by the storage driver under its chain id.
 *
 * @param size bytes of the uncompressed layer tar
 * @param contentSize bytes of the files it unpacked to ({@link LayerContentSize}), the size Docker
 *     shows; null in the records of an older jocker
 */
public record LayerRecord(String chainId, String diffId, long size, Long contentSize) {}
