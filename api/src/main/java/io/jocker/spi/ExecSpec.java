package io.jocker.spi;

/**
 * A process to start inside a running container.
 *
 * @param process what to run
 * @param security capabilities for the new process
 * @param stdio where its standard streams go
 */
public record ExecSpec(ProcessSpec process, Security security, Stdio stdio) {}
