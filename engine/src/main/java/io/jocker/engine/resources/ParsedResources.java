package io.jocker.engine.resources;

import io.jocker.spi.Resources;
import java.util.List;

/**
 * The limits to apply and the warnings Docker prints for them (on stderr, before the id).
 *
 * @param resources the limits
 * @param warnings lines such as {@code WARNING: Disabling the OOM killer ...}
 */
public record ParsedResources(Resources resources, List<String> warnings) {

    public ParsedResources {
        warnings = List.copyOf(warnings);
    }
}
