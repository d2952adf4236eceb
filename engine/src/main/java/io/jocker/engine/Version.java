package io.jocker.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The jocker version, from the build. */
public final class Version {

    private Version() {}

    /** The version string, for example {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
