package io.jocker.engine.base;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The jocker version, from the build. */
public final class Version {

    private Version() {}

    /** The version string, for example {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return property("version");
    }

    /**
     * What names this build of jocker's jars (when it was made), as the distribution's {@code
     * lib/build} does: two builds of one version differ.
     */
    public static String build() {
        return property("build");
    }

    private static String property(String name) {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty(name, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
