package io.jocker.cli;

import java.util.Locale;
import java.util.logging.Level;

/** Docker's log level words mapped to java.util.logging levels. */
final class LogLevels {

    private LogLevels() {}

    static Level parse(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARNING;
            case "error", "fatal" -> Level.SEVERE;
            default -> throw new IllegalArgumentException("unsupported log level \"" + word
                    + "\" (use debug, info, warn, error or fatal)");
        };
    }
}
