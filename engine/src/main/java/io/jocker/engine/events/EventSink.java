package io.jocker.engine.events;

import java.io.IOException;

/** Where {@link Events} puts what happened: the {@link EventLog}, or a list in a test. */
@FunctionalInterface
public interface EventSink {

    void append(Event event) throws IOException;
}
