package io.jocker.spi.support;

import io.jocker.spi.CgroupException;
import java.util.regex.Pattern;

/** Container ids become cgroup directory names, so only a safe alphabet is accepted. */
public final class CgroupNames {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private CgroupNames() {}

    public static String check(String id) throws CgroupException {
        if (id == null || !SAFE.matcher(id).matches()) {
            throw new CgroupException("invalid container id for a cgroup name: \"" + id
                    + "\" (use letters, digits, '_', '.' and '-', at most 128 characters)");
        }
        return id;
    }
}
