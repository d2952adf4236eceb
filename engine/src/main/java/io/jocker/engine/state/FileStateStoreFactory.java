package io.jocker.engine.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.StateStore;
import io.jocker.spi.StateStoreFactory;
import io.jocker.spi.Support;
import java.util.function.Supplier;

/** The built-in file state store; its home is the jocker root. */
public final class FileStateStoreFactory implements StateStoreFactory {

    public static final String NAME = "file";

    private final Supplier<ObjectMapper> json;

    /** @param json the engine's one mapper: each costs tens of milliseconds to create */
    public FileStateStoreFactory(Supplier<ObjectMapper> json) {
        this.json = json;
    }

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
        return new FileStateStore(context.home(), json.get());
    }
}
