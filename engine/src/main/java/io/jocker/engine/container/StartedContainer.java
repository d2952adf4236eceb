package io.jocker.engine.container;

import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerRecord;

/** A container whose process runs: its record as saved, and the process to wait for. */
public record StartedContainer(ContainerRecord record, ContainerProcess process) {}
