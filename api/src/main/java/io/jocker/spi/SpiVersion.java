package io.jocker.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The version of this SPI, {@code MAJOR.MINOR}. A plugin jar declares the version it was built
 * against in its manifest, as {@value #MANIFEST_ATTRIBUTE}; the engine loads it when the major
 * versions are equal and the plugin's minor is at most the engine's: a minor version only adds
 * (default methods, builder fields), a major one breaks.
 */
public record SpiVersion(int major, int minor) {

    /** The manifest attribute a plugin jar declares its SPI version in. */
    public static final String MANIFEST_ATTRIBUTE = "Jocker-SPI-Version";

    private static final SpiVersion CURRENT = load();

    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("negative SPI version " + major + "." + minor);
        }
    }

    /** The SPI version of this jocker. */
    public static SpiVersion current() {
        return CURRENT;
    }

    /** Parses {@code MAJOR.MINOR}. */
    public static SpiVersion parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not an SPI version (MAJOR.MINOR): \"" + text + "\"");
        }
        try {
            return new SpiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an SPI version (MAJOR.MINOR): \"" + text + "\"", e);
        }
    }

    /** The version a jar's manifest declares, or null when it declares none. */
    public static SpiVersion declaredBy(Manifest manifest) {
        String value = manifest == null ? null : manifest.getMainAttributes().getValue(new Attributes.Name(MANIFEST_ATTRIBUTE));
        return value == null ? null : parse(value);
    }

    /** Whether an engine of this version can load a plugin built against {@code plugin}. */
    public boolean accepts(SpiVersion plugin) {
        return plugin.major == major && plugin.minor <= minor;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }

    private static SpiVersion load() {
        try (InputStream in = SpiVersion.class.getResourceAsStream("spi-version")) {
            if (in == null) {
                throw new IllegalStateException("the jocker-api jar lacks io/jocker/spi/spi-version");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SPI version", e);
        }
    }
}
