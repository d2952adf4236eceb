package io.jocker.cli;

import java.util.Locale;
import java.util.logging.Level;

/** Docker's log level words mapped to java.util.logging levels. */
final class LogLevels {

    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger JOCKER = java.util.logging.Logger.getLogger("io.jocker");

    private LogLevels() {}

    /**
     * Sets jocker's own log level; libraries stay at warnings (their debug output is noise to a
     * user). The console handler filters on its own, so it follows the finer of the two.
     */
    static void apply(Level level) {
        JOCKER.setLevel(level);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(Level.WARNING.intValue() < level.intValue() ? level : Level.WARNING);
        for (java.util.logging.Handler handler : root.getHandlers()) {
            handler.setLevel(level);
        }
    }

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
