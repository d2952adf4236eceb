package io.jocker.testing.plugin;

import io.jocker.spi.SpiVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources against the SPI and packs them into a jar at test time, the way a third
 * party would build a driver outside jocker's modules.
 */
public final class PluginJars {

    /** The engine's PluginLoader.KINDS_ATTRIBUTE, which this module cannot see (the engine's tests depend on it). */
    public static final String DRIVER_KINDS_ATTRIBUTE = "Jocker-Driver-Kinds";

    private PluginJars() {}

    /**
     * @param jar the jar to write
     * @param sources class name to source text
     * @param services service interface name to provider class names, written under META-INF/services
     */
    public static Path build(Path jar, Map<String, String> sources, Map<String, String> services) throws IOException {
        return build(jar, sources, services, SpiVersion.current().toString());
    }

    /** As {@link #build(Path, Map, Map)}, declaring {@code spiVersion} in the manifest (null: no declaration). */
    public static Path build(Path jar, Map<String, String> sources, Map<String, String> services, String spiVersion)
            throws IOException {
        return build(jar, sources, services, spiVersion, null);
    }

    /** As {@link #build(Path, Map, Map, String)}, declaring the kinds of driver it offers ({@code driverKinds}, null: none). */
    public static Path build(Path jar, Map<String, String> sources, Map<String, String> services, String spiVersion,
            String driverKinds) throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        try {
            return build(jar, sources, services, spiVersion, driverKinds, work);
        } finally {
            deleteTree(work);
        }
    }

    private static Path build(Path jar, Map<String, String> sources, Map<String, String> services, String spiVersion,
            String driverKinds, Path work) throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "-cp", spiLocation()));
        for (var source : sources.entrySet()) {
            Path file = work.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("plugin sources do not compile");
        }
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (spiVersion != null) {
            manifest.getMainAttributes().put(new Attributes.Name(SpiVersion.MANIFEST_ATTRIBUTE), spiVersion);
        }
        if (driverKinds != null) {
            manifest.getMainAttributes().put(new Attributes.Name(DRIVER_KINDS_ATTRIBUTE), driverKinds);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    put(out, classes.relativize(file).toString(), Files.readAllBytes(file));
                }
            }
            for (var service : services.entrySet()) {
                put(out, "META-INF/services/" + service.getKey(), service.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String spiLocation() {
        try {
            return Path.of(io.jocker.spi.Plugin.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream stream = out;
        stream.write(content);
        out.closeEntry();
    }

    /** Source of a plugin offering one storage driver called {@code name} whose support is {@code supported}. */
    public static String storagePluginSource(String pkg, String name, boolean supported, int priority) {
        return """
                package %1$s;
                import io.jocker.spi.*;
                import java.util.List;
                public final class TestPlugin implements Plugin {
                    @Override public List<StorageDriverFactory> storageDrivers() {
                        return List.of(new StorageDriverFactory() {
                            @Override public String name() { return "%2$s"; }
                            @Override public int priority() { return %4$d; }
                            @Override public Support isSupported(Host host) {
                                return %3$s ? Support.yes() : Support.no("%2$s needs a kernel feature this host lacks");
                            }
                            @Override public StorageDriver create(DriverContext context) {
                                throw new UnsupportedOperationException("a listing-only test driver");
                            }
                        });
                    }
                }
                """.formatted(pkg, name, supported, priority);
    }
}
