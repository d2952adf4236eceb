package io.jocker.engine.container;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Logs how long each stage of starting a container took, at debug level ({@code jocker -D run}),
 * which is where the per-stage split of the start-up benchmark comes from.
 */
final class StageClock {

    private static final Logger LOG = System.getLogger(StageClock.class.getName());

    private final String container;
    private long last = System.nanoTime();

    StageClock(String container) {
        this.container = container.substring(0, 12);
    }

    /** Logs the time since the previous stage ended. */
    void stage(String name) {
        long now = System.nanoTime();
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "container {0}: {1} took {2} ms", container, name, String.format("%.1f", (now - last) / 1e6));
        }
        last = now;
    }
}
