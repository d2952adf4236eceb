package io.jocker.engine.image;

import java.io.IOException;

/**
 * A compressed archive whose bytes do not decompress: truncated, or corrupt. An {@link IOException}
 * because it surfaces from stream reads anywhere below the store; the store's entry points report
 * it as an {@link InvalidArchiveException}, whose message says what is wrong with the file.
 */
final class CorruptArchiveException extends IOException {

    CorruptArchiveException(String format, Throwable cause) {
        super(describe(format, cause), cause);
    }

    /** What is wrong with a stream of {@code format} (as commons-compress names it) that failed with {@code cause}. */
    static String describe(String format, Throwable cause) {
        String name = format.equals("gz") ? "gzip" : format;
        if (cause instanceof java.io.EOFException) {
            return "the " + name + " stream ends early: the file is truncated";
        }
        return "the " + name + " stream is corrupt" + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
