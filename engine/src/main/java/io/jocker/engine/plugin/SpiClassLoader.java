package io.jocker.engine.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin class loader: it exposes the JDK and the SPI packages, and hides every
 * other engine class and resource (as Trino's plugin class loader shares only its SPI). A plugin
 * therefore cannot reach engine internals, brings any other library it uses in its own
 * directory (the namespaces plugin brings jocker-linux), and ServiceLoader sees only the plugin's
 * own providers.
 *
 * <p>JNA is shared too, because the JVM forces it: a JNI library file can be loaded by one class
 * loader only, so a second copy of JNA fails to load the distribution's pre-extracted
 * {@code libjnidispatch.so} and falls back to extracting its own copy (134 KB) into
 * {@code ~/.cache/JNA/temp} on every command; with {@code jna.nounpack}, as the container init
 * runs, it fails outright ("Could not find JNA native support"). Measured on JNA 5.17.
 */
final class SpiClassLoader extends ClassLoader {

    static final List<String> SHARED_PACKAGES = List.of("io.jocker.spi.", "com.sun.jna.");

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
