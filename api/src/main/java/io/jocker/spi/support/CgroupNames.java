package io.jocker.spi.support;

import io.jocker.spi.CgroupException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Container ids and cgroup paths become cgroup directory names, so only a safe alphabet is accepted. */
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

    /** The subtree of every hierarchy where {@link io.jocker.spi.CgroupDriver#create} makes a container's cgroup. */
    public static final String SUBTREE = "jocker";

    private static final int MAX_DEPTH = 16;

    /**
     * Checks a cgroup path relative to a hierarchy's root, such as {@code jocker/abc}: 1 to 16
     * names of the safe alphabet (no {@code .} or {@code ..}) joined by single slashes.
     */
    public static String checkPath(String path) throws CgroupException {
        String[] names = path == null ? new String[0] : path.split("/", -1);
        if (names.length == 0 || names.length > MAX_DEPTH) {
            throw new CgroupException("invalid cgroup path \"" + path + "\" (1 to " + MAX_DEPTH + " names joined by '/')");
        }
        for (String name : names) {
            if (!SAFE.matcher(name).matches()) {
                throw new CgroupException("invalid cgroup path \"" + path + "\": \"" + name
                        + "\" is not a cgroup name (letters, digits, '_', '.' and '-', starting with a letter or digit)");
            }
        }
        return path;
    }

    /** The container id of a path {@link io.jocker.spi.CgroupDriver#create} makes, {@code jocker/<id>}. */
    public static Optional<String> idOf(String path) {
        String prefix = SUBTREE + "/";
        if (path == null || !path.startsWith(prefix)) {
            return Optional.empty();
        }
        String id = path.substring(prefix.length());
        return SAFE.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }
}
