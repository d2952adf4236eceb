package io.jocker.engine;

import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.container.ContainerLookup;
import io.jocker.engine.container.ContainerService;
import io.jocker.spi.Isolator;
import java.util.function.Supplier;

/**
 * What the supervisor, a module above the engine, needs of it: the root, the containers' life
 * cycle, their lookup, and the isolator (asked for only when the supervisor starts spare inits).
 *
 * @param config the engine's configuration (its root holds the supervisor's socket and FIFO)
 * @param containers starts detached containers and records their exits
 * @param lookup finds containers by id or name
 * @param isolator the selected isolator, created on first use
 */
public record Supervision(EngineConfig config, ContainerService containers, ContainerLookup lookup,
        Supplier<Isolator> isolator) {}
