package io.jocker.spi;

/**
 * A resource limit of a container's processes ({@code --ulimit name=soft[:hard]}), in Docker's
 * shape: {@code name} is Docker's ({@code nofile}, {@code nproc}, {@code core}, ...), -1 is
 * unlimited.
 */
public record Ulimit(String name, long soft, long hard) {}
