package io.jocker.engine.state;

import io.jocker.engine.json.Json;
import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.StateStore;
import io.jocker.spi.StateStoreFactory;
import io.jocker.spi.Support;

/** The built-in file state store; its home is the jocker root. */
public final class FileStateStoreFactory implements StateStoreFactory {

    public static final String NAME = "file";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Support isSupported(Host host) {
        return Support.yes();
    }

    @Override
    public StateStore create(DriverContext context) {
        return new FileStateStore(context.home(), Json.newMapper());
    }
}
