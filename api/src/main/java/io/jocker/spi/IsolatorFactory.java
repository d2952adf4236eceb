package io.jocker.spi;

/** A factory of {@link Isolator}s; see {@link DriverFactory} for the contract of isolators. */
public interface IsolatorFactory extends DriverFactory<Isolator> {}
