package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import java.util.List;

/**
 * Refuses NUL bytes in what reaches the kernel as C strings (arguments, environment, paths, user
 * and host names), where a NUL would cut the string short: a clear error at create or exec,
 * before anything is made, instead of a failure deep in the start.
 */
final class CStringFields {

    private CStringFields() {}

    static void check(String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new InvalidRequestException("invalid " + field + " \"" + value.replace("\0", "\\0") + "\": it contains a NUL byte");
        }
    }

    static void check(String field, List<String> values) {
        values.forEach(value -> check(field, value));
    }
}
