package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.linux.ProcessLimits;
import io.jocker.spi.Ulimit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code --ulimit name=soft[:hard]} as Docker's client parses it (go-units' {@code ParseUlimit}):
 * Docker's names, {@code infinity} or -1 for unlimited, the hard limit defaulting to the soft one;
 * one limit per name (the last given wins), sorted by name.
 */
final class UlimitFlags {

    private UlimitFlags() {}

    static List<Ulimit> parse(List<String> flags) {
        TreeMap<String, Ulimit> byName = new TreeMap<>();
        for (String flag : flags) {
            try {
                Ulimit ulimit = parse(flag);
                byName.put(ulimit.name(), ulimit);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("invalid argument \"" + flag + "\" for \"--ulimit\" flag: " + e.getMessage());
            }
        }
        return new ArrayList<>(byName.values());
    }

    private static Ulimit parse(String flag) {
        int equals = flag.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("invalid ulimit argument: " + flag);
        }
        String name = flag.substring(0, equals);
        if (ProcessLimits.resource(name) < 0) {
            throw new IllegalArgumentException("invalid ulimit type: " + name);
        }
        String values = flag.substring(equals + 1);
        String[] parts = values.split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("too many limit value arguments - " + values
                    + ", can only have up to two, `soft[:hard]`");
        }
        long hard = parts.length == 2 ? value(parts[1]) : 0;
        long soft = value(parts[0]);
        if (parts.length == 1) {
            hard = soft;
        }
        if (hard != -1) {
            if (soft == -1) {
                throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: "
                        + hard);
            }
            if (soft > hard) {
                throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
            }
        }
        return new Ulimit(name, soft, hard);
    }

    /** Go's strconv.ParseInt wording for what is not a number. */
    private static long value(String text) {
        if (text.equals("infinity")) {
            return -1;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + text + "\": invalid syntax", e);
        }
    }
}
