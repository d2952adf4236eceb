package io.jocker.spi;

/** A factory of {@link StateStore}s; see {@link DriverFactory} for the contract of state stores. */
public interface StateStoreFactory extends DriverFactory<StateStore> {}
