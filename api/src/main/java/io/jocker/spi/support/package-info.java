/**
 * Helpers for driver authors, shared with every plugin through the SPI class loader: cgroup file
 * access, CPU list parsing, path handling that never follows a symbolic link out of a root,
 * recursive deletion, driver-safe directory names for layer ids, and the bookkeeping of layers
 * kept as directories. Not part of the contract between the engine and a driver: a driver may use
 * them or not.
 */
package io.jocker.spi.support;
