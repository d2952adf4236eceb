package io.jocker.spi;

/** A factory of {@link NetworkDriver}s; see {@link DriverFactory} for the contract. */
public interface NetworkDriverFactory extends DriverFactory<NetworkDriver> {}
