package io.jocker.engine.container;

import io.jocker.engine.container.ContainerStartException;

/**
 * Has the supervisor start a detached container. A command that the supervisor serves itself
 * gets one that calls it directly; any other goes through its socket ({@link SupervisorClient}).
 */
@FunctionalInterface
public interface DetachedStarter {

    /**
     * Starts the container with this full id; it runs when this returns.
     *
     * @throws ContainerStartException when it did not start
     */
    void start(String id);
}
