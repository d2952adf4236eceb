package io.jocker.engine;

import io.jocker.engine.state.FileStateStoreFactory;
import io.jocker.spi.Plugin;
import io.jocker.spi.StateStoreFactory;
import java.util.List;

/** The drivers that ship inside the engine itself rather than under {@code plugins/}. */
final class BuiltinPlugin implements Plugin {

    @Override
    public List<StateStoreFactory> stateStores() {
        return List.of(new FileStateStoreFactory());
    }
}
