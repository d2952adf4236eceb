package io.jocker.spi;

/** A factory of {@link StorageDriver}s; see {@link DriverFactory} for the contract of storage drivers. */
public interface StorageDriverFactory extends DriverFactory<StorageDriver> {}
