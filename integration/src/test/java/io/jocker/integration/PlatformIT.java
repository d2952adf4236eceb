package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.Plugin;
import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.LeakCheck;
import io.jocker.testing.plugin.PluginJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform as a user meets it: the launcher, info, driver selection and third-party plugins. */
class PlatformIT {

    @TempDir
    Path tmp;

    private JockerCli jocker;
    private LeakCheck leaks;

    @BeforeEach
    void setUp() throws Exception {
        jocker = new JockerCli(JockerCli.distribution(), tmp.resolve("root"));
        leaks = LeakCheck.of(jocker.root());
    }

    @AfterEach
    void noLeaks() throws Exception {
        leaks.assertClean();
    }

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected \"" + part + "\" in:\n" + text);
        }
    }

    @Test
    void versionAndHelp() throws Exception {
        Result version = jocker.raw("version");
        assertEquals(0, version.exitCode(), version::toString);
        assertTrue(version.stdout().startsWith("jocker version "), version::toString);

        Result help = jocker.raw("--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertContains(help.stdout(), "--storage-driver", "--cgroup-driver", "--root", "--log-level", "run", "info");
    }

    @Test
    void usageErrorsExit125WithOneLine() throws Exception {
        Result bad = jocker.raw("--no-such-flag");
        assertEquals(125, bad.exitCode(), bad::toString);
        assertContains(bad.stderr(), "Unknown option: '--no-such-flag'");

        Result level = jocker.raw("--log-level", "loud", "info");
        assertEquals(125, level.exitCode(), level::toString);
        assertContains(level.stderr(), "unsupported log level \"loud\"");
    }

    @Test
    void infoShowsTheHostAndEveryDriver() throws Exception {
        Result info = jocker.run("info");

        assertEquals(0, info.exitCode(), info::toString);
        assertContains(info.stdout(), "Storage Driver: overlay", "Kernel Version: " + System.getProperty("os.version"),
                "Jocker Root Dir: " + jocker.root(), "aufs (", "unsupported: ", "plugins/storage-overlay");
    }

    @Test
    void anUnknownDriverListsTheKnownOnes() throws Exception {
        Result result = jocker.run("--storage-driver", "zfs", "run", "busybox", "true");

        assertEquals(125, result.exitCode(), result::toString);
        assertContains(result.stderr(), "unknown storage driver \"zfs\" (known: aufs, overlay)");
    }

    @Test
    void aufsIsRefusedWithTheKernelsReason() throws Exception {
        Result result = jocker.run("--storage-driver", "aufs", "run", "busybox", "true");

        assertEquals(125, result.exitCode(), result::toString);
        assertContains(result.stderr(), "storage driver \"aufs\" is not supported on this host: ");
    }

    @Test
    void aThirdPartyDriverJarIsListedAndSelectable() throws Exception {
        Path plugins = tmp.resolve("third-party-plugins");
        PluginJars.build(plugins.resolve("acme/acme-storage.jar"),
                Map.of("com.acme.TestPlugin", PluginJars.storagePluginSource("com.acme", "acme", true, -1)),
                Map.of(Plugin.class.getName(), "com.acme.TestPlugin"));
        jocker.env("JOCKER_PLUGIN_PATH", plugins.toString());

        Result listed = jocker.run("info");
        assertEquals(0, listed.exitCode(), listed::toString);
        assertContains(listed.stdout(), "acme (" + plugins.resolve("acme") + ") [supported]", "Storage Driver: overlay");

        Result selected = jocker.run("--storage-driver", "acme", "info");
        assertEquals(0, selected.exitCode(), selected::toString);
        assertContains(selected.stdout(), "Storage Driver: acme", "acme * (");

        jocker.env("JOCKER_STORAGE_DRIVER", "acme");
        assertContains(jocker.run("info").stdout(), "Storage Driver: acme");
    }

    @Test
    void aBrokenPluginDirectoryNamesTheJar() throws Exception {
        Path plugins = tmp.resolve("broken-plugins");
        Files.createDirectories(plugins.resolve("broken"));
        PluginJars.build(plugins.resolve("broken/broken.jar"), Map.of("com.acme.X", "package com.acme; class X {}"), Map.of());
        jocker.env("JOCKER_PLUGIN_PATH", plugins.toString());

        Result result = jocker.run("info");

        assertEquals(1, result.exitCode(), result::toString);
        assertContains(result.stderr(), "no io.jocker.spi.Plugin provider in " + plugins.resolve("broken/broken.jar"));
    }

    @Test
    void theLauncherWorksThroughASymlinkFromAnyDirectory() throws Exception {
        Path link = tmp.resolve("bin/jocker");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, JockerCli.distribution().resolve("bin/jocker"));
        ProcessBuilder pb = new ProcessBuilder(link.toString(), "version").directory(tmp.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.startsWith("jocker version "), out);
    }

    @Test
    void completionPrintsABashScript() throws Exception {
        Result result = jocker.raw("completion", "bash");
        assertEquals(0, result.exitCode(), result::toString);
        assertContains(result.stdout(), "complete -F", "jocker");
    }
}
