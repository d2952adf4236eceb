package io.jocker.engine.plugin;

import static io.jocker.engine.Asserts.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.Host;
import io.jocker.spi.Plugin;
import io.jocker.spi.SpiVersion;
import io.jocker.testing.plugin.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {

    @TempDir
    Path plugins;

    private Path plugin(String dir, String pkg, String driver) throws IOException {
        return PluginJars.build(plugins.resolve(dir).resolve(dir + ".jar"),
                Map.of(pkg + ".TestPlugin", PluginJars.storagePluginSource(pkg, driver, true, 0)),
                Map.of(Plugin.class.getName(), pkg + ".TestPlugin"));
    }

    @Test
    void loadsEachDirectoryWithItsOwnClassLoader() throws IOException {
        plugin("alpha", "com.example.alpha", "alpha");
        plugin("beta", "com.example.beta", "beta");

        List<LoadedPlugin> loaded = new PluginLoader().loadAll(plugins);

        assertEquals(2, loaded.size());
        assertEquals(plugins.resolve("alpha"), loaded.get(0).directory());
        assertEquals("alpha", loaded.get(0).plugin().storageDrivers().get(0).name());
        ClassLoader a = loaded.get(0).plugin().getClass().getClassLoader();
        ClassLoader b = loaded.get(1).plugin().getClass().getClassLoader();
        assertTrue(a != b, "each plugin directory has its own class loader");
        assertTrue(loaded.get(0).origin().endsWith("alpha.jar"));
    }

    @Test
    void sharesTheSpiButHidesTheEngine() throws Exception {
        plugin("alpha", "com.example.alpha", "alpha");
        ClassLoader loader = new PluginLoader().loadAll(plugins).get(0).plugin().getClass().getClassLoader();

        assertEquals(Plugin.class, loader.loadClass(Plugin.class.getName()), "the SPI is the engine's own copy");
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass(PluginLoader.class.getName()));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.google.inject.Guice"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"));
    }

    @Test
    void aPluginThatReachesForEngineClassesFailsToLoadWithTheJarNamed() throws IOException {
        String source = """
                package com.example.sneaky;
                public final class TestPlugin implements io.jocker.spi.Plugin {
                    public TestPlugin() throws Exception {
                        Class.forName("io.jocker.engine.Engine");
                    }
                }
                """;
        PluginJars.build(plugins.resolve("sneaky/sneaky.jar"), Map.of("com.example.sneaky.TestPlugin", source),
                Map.of(Plugin.class.getName(), "com.example.sneaky.TestPlugin"));

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> new PluginLoader().loadAll(plugins));

        assertContains(e.getMessage(), "sneaky.jar", "io.jocker.engine.Engine");
    }

    @Test
    void sharesJnaButNotTheLinuxBindings() throws Exception {
        plugin("alpha", "com.example.alpha", "alpha");
        ClassLoader loader = new PluginLoader().loadAll(plugins).get(0).plugin().getClass().getClassLoader();

        assertEquals(com.sun.jna.Native.class, loader.loadClass("com.sun.jna.Native"), "one JNA per JVM");
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass(io.jocker.linux.Mounts.class.getName()));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass(io.jocker.linux.LinuxKernelOps.class.getName()));
    }

    @Test
    void aPluginThatReachesForTheEnginesLinuxBindingsFailsToLoadWithTheJarNamed() throws IOException {
        String source = """
                package com.example.native_;
                public final class TestPlugin implements io.jocker.spi.Plugin {
                    public TestPlugin() throws Exception {
                        Class.forName("io.jocker.linux.Mounts");
                    }
                }
                """;
        PluginJars.build(plugins.resolve("native/native.jar"), Map.of("com.example.native_.TestPlugin", source),
                Map.of(Plugin.class.getName(), "com.example.native_.TestPlugin"));

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> new PluginLoader().loadAll(plugins));

        assertContains(e.getMessage(), "native.jar", "io.jocker.linux.Mounts");
    }

    @Test
    void theVersionCheckLeavesOnlyTheClassLoadersOwnHandleOnEachJar() throws IOException {
        Path good = plugin("alpha", "com.example.alpha", "alpha");
        Path refused = PluginJars.build(plugins.resolve("old/old.jar"),
                Map.of("com.example.old.TestPlugin", PluginJars.storagePluginSource("com.example.old", "old", true, 0)),
                Map.of(Plugin.class.getName(), "com.example.old.TestPlugin"), "0.9");

        List<LoadedPlugin> loaded = new PluginLoader().load(plugins.resolve("alpha"));
        assertThrows(PluginLoadException.class, () -> new PluginLoader().load(plugins.resolve("old")));

        assertEquals(1, loaded.size());
        assertEquals(1, openHandles(good), "the plugin's class loader keeps its jar open, the check does not");
        assertEquals(0, openHandles(refused), "a refused jar is left closed");
    }

    private static long openHandles(Path jar) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(jar.toRealPath());
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void aDirectoryWithoutProviderIsAnErrorNamingTheJar() throws IOException {
        PluginJars.build(plugins.resolve("empty/empty.jar"), Map.of("com.example.Nothing", "package com.example; class Nothing {}"), Map.of());

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> new PluginLoader().loadAll(plugins));
        PluginLoadException found = assertThrows(PluginLoadException.class, () -> new PluginLoader().findAll(plugins),
                "refused when found, not when a kind it might offer is first needed");

        assertContains(e.getMessage(), "no io.jocker.spi.Plugin provider", "empty.jar");
        assertEquals(e.getMessage(), found.getMessage());
    }

    @Test
    void aDirectoryWithoutJarIsAnError() throws IOException {
        Files.createDirectories(plugins.resolve("hollow"));

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> new PluginLoader().loadAll(plugins));

        assertContains(e.getMessage(), "hollow", "holds no jar");
    }

    @Test
    void aProviderNamingAMissingClassIsAnErrorNamingTheJar() throws IOException {
        PluginJars.build(plugins.resolve("broken/broken.jar"), Map.of("com.example.Other", "package com.example; class Other {}"),
                Map.of(Plugin.class.getName(), "com.example.Missing"));

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> new PluginLoader().loadAll(plugins));

        assertContains(e.getMessage(), "broken.jar", "com.example.Missing");
    }

    @Test
    void aMissingPluginsRootHasNoPlugins() {
        assertTrue(new PluginLoader().loadAll(plugins.resolve("absent")).isEmpty());
    }

    @Test
    void duplicateDriverNamesAcrossPluginsFailWithBothJars() throws IOException {
        plugin("one", "com.example.one", "same");
        plugin("two", "com.example.two", "same");
        List<LoadedPlugin> loaded = new PluginLoader().loadAll(plugins);

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> new DriverCatalog(loaded));

        assertContains(e.getMessage(), "duplicate storage driver \"same\"", "one.jar", "two.jar");
    }

    private Path declaring(String dir, String pkg, String driver, String kinds) throws IOException {
        return PluginJars.build(plugins.resolve(dir).resolve(dir + ".jar"),
                Map.of(pkg + ".TestPlugin", PluginJars.storagePluginSource(pkg, driver, true, 0)),
                Map.of(Plugin.class.getName(), pkg + ".TestPlugin"), SpiVersion.current().toString(), kinds);
    }

    /** A catalog over the plugins found under the root, counting how many of them it loads. */
    private static DriverCatalog counting(PluginLoader loader, List<PluginLoader.Found> found, AtomicInteger loads) {
        return DriverCatalog.of(found.stream().map(f -> new DriverCatalog.PluginSource(f.kinds(), () -> {
            loads.incrementAndGet();
            return loader.load(f);
        })).toList());
    }

    @Test
    void aPluginIsLoadedOnlyWhenAKindOfDriverItDeclaresIsAskedFor() throws IOException {
        Path jar = declaring("alpha", "com.example.alpha", "alpha", "storage");
        PluginLoader loader = new PluginLoader();
        List<PluginLoader.Found> found = loader.findAll(plugins);
        assertEquals(Set.of(DriverKind.STORAGE), found.get(0).kinds());
        AtomicInteger loads = new AtomicInteger();
        DriverCatalog catalog = counting(loader, found, loads);

        assertTrue(catalog.drivers(DriverKind.STATE_STORE).isEmpty());
        assertTrue(catalog.find(DriverKind.CGROUP, "alpha").isEmpty());
        assertEquals(0, loads.get(), "no class loader for a kind the plugin does not offer");
        assertEquals(0, openHandles(jar), "finding it read the manifest and closed the jar");

        assertEquals("alpha", catalog.select(DriverKind.STORAGE, "auto", new Host(Path.of("/"), "6.18.0", 2)).name());
        assertEquals(1, catalog.drivers(DriverKind.STORAGE).size());
        assertEquals(1, loads.get(), "loaded once");
    }

    @Test
    void aPluginThatDeclaresNothingIsLoadedForAnyKind() throws IOException {
        plugin("alpha", "com.example.alpha", "alpha");
        PluginLoader loader = new PluginLoader();
        List<PluginLoader.Found> found = loader.findAll(plugins);
        assertNull(found.get(0).kinds());
        AtomicInteger loads = new AtomicInteger();

        counting(loader, found, loads).drivers(DriverKind.STATE_STORE);

        assertEquals(1, loads.get());
    }

    @Test
    void anUnknownKindInTheManifestIsRefusedWithTheKnownOnes() throws IOException {
        declaring("alpha", "com.example.alpha", "alpha", "storage, gpu");

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> new PluginLoader().findAll(plugins));

        assertContains(e.getMessage(), "alpha.jar", "Jocker-Driver-Kinds names \"gpu\"",
                "known: storage, cgroup, isolator, state-store, network");
    }

    @Test
    void aPluginOfferingAKindItDoesNotDeclareIsRefusedWhenLoaded() throws IOException {
        declaring("alpha", "com.example.alpha", "alpha", "cgroup,network");
        PluginLoader loader = new PluginLoader();

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> counting(loader, loader.findAll(plugins), new AtomicInteger()).drivers(DriverKind.CGROUP));

        assertContains(e.getMessage(), "alpha.jar offers the storage driver \"alpha\"",
                "its manifest's Jocker-Driver-Kinds does not name storage");
    }

    @Test
    void aDuplicateFoundWhenAKindIsFirstNeededFailsEveryLaterQuestionToo() throws IOException {
        declaring("one", "com.example.one", "same", "storage");
        declaring("two", "com.example.two", "same", "storage");
        PluginLoader loader = new PluginLoader();
        DriverCatalog catalog = counting(loader, loader.findAll(plugins), new AtomicInteger());

        PluginLoadException first = assertThrows(PluginLoadException.class, () -> catalog.drivers(DriverKind.STORAGE));
        PluginLoadException again = assertThrows(PluginLoadException.class, () -> catalog.find(DriverKind.STORAGE, "same"));

        assertContains(first.getMessage(), "duplicate storage driver \"same\"", "one.jar", "two.jar");
        assertEquals(first.getMessage(), again.getMessage());
    }

    @Test
    void aPluginBuiltAgainstAnotherMajorOrANewerMinorSpiOrNoneIsRefusedWithTheReason() throws IOException {
        SpiVersion engine = SpiVersion.current();
        Map<String, String> expected = Map.of(
                (engine.major() - 1) + ".9", "is built against SPI " + (engine.major() - 1) + ".9, which this jocker (SPI " + engine
                        + ") cannot load: rebuild it against jocker-api with SPI " + engine.major() + ".x",
                engine.major() + "." + (engine.minor() + 1), "is built against SPI " + engine.major() + "." + (engine.minor() + 1),
                "one", "its manifest's Jocker-SPI-Version is not an SPI version");
        for (var version : expected.entrySet()) {
            Path root = plugins.resolve("v" + version.getKey());
            PluginJars.build(root.resolve("old/old.jar"), Map.of("com.example.old.TestPlugin",
                    PluginJars.storagePluginSource("com.example.old", "old", true, 0)),
                    Map.of(Plugin.class.getName(), "com.example.old.TestPlugin"), version.getKey());

            PluginLoadException e = assertThrows(PluginLoadException.class, () -> new PluginLoader().loadAll(root));

            assertContains(e.getMessage(), "plugin " + root.resolve("old/old.jar"), version.getValue());
        }
        Path unversioned = plugins.resolve("none");
        PluginJars.build(unversioned.resolve("old/old.jar"), Map.of("com.example.old.TestPlugin",
                PluginJars.storagePluginSource("com.example.old", "old", true, 0)),
                Map.of(Plugin.class.getName(), "com.example.old.TestPlugin"), null);
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> new PluginLoader().loadAll(unversioned));
        assertContains(e.getMessage(), "declares no SPI version: add Jocker-SPI-Version: " + engine + " to its jar's manifest");
    }

    @Test
    void aPluginBuiltAgainstThisSpiOrAnOlderMinorLoads() throws IOException {
        SpiVersion engine = SpiVersion.current();
        PluginJars.build(plugins.resolve("same/same.jar"), Map.of("com.example.same.TestPlugin",
                PluginJars.storagePluginSource("com.example.same", "same", true, 0)),
                Map.of(Plugin.class.getName(), "com.example.same.TestPlugin"), engine.major() + ".0");

        assertEquals(1, new PluginLoader().loadAll(plugins).size());
    }
}
