package io.jocker.engine.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin class loader: it exposes the JDK, the SPI packages and the platform
 * bindings shared by all plugins (one copy of JNA per JVM: its native library can be loaded by
 * only one class loader), and hides every other engine class and resource. A plugin therefore
 * cannot reach engine internals, and ServiceLoader sees only the plugin's own providers.
 */
final class SpiClassLoader extends ClassLoader {

    static final List<String> SHARED_PACKAGES = List.of("io.jocker.spi.", "io.jocker.linux.", "com.sun.jna.");

    private final ClassLoader engine;

    SpiClassLoader(ClassLoader engine) {
        super("jocker-spi", ClassLoader.getPlatformClassLoader());
        this.engine = engine;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return engine.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    static boolean isShared(String className) {
        return SHARED_PACKAGES.stream().anyMatch(className::startsWith);
    }

    @Override
    public URL getResource(String name) {
        return getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith("META-INF/services/") ? Collections.emptyEnumeration() : getParent().getResources(name);
    }
}
