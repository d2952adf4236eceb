package io.jocker.namespaces;

import io.jocker.spi.IsolatorFactory;
import io.jocker.spi.Plugin;
import java.util.List;

/** Offers the {@code namespaces} isolator. */
public final class NamespacesPlugin implements Plugin {

    @Override
    public List<IsolatorFactory> isolators() {
        return List.of(new NamespacesIsolatorFactory());
    }
}
