package io.jocker.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.state.FileStateStoreFactory;
import io.jocker.spi.Plugin;
import io.jocker.spi.StateStoreFactory;
import java.util.List;
import java.util.function.Supplier;

/** The drivers that ship inside the engine itself rather than under {@code plugins/}. */
final class BuiltinPlugin implements Plugin {

    private final Supplier<ObjectMapper> json;

    BuiltinPlugin(Supplier<ObjectMapper> json) {
        this.json = json;
    }

    @Override
    public List<StateStoreFactory> stateStores() {
        return List.of(new FileStateStoreFactory(json));
    }
}
