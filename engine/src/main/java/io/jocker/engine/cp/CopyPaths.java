package io.jocker.engine.cp;

import static io.jocker.engine.tree.GoPaths.clean;

/**
 * Docker's path rules for {@code cp} (moby's go-archive {@code copy.go}): a path that ends with
 * {@code /} asserts a directory, one that ends with {@code /.} means a directory's content, and
 * both survive the cleaning that would otherwise drop them. Paths here are strings naming files;
 * nothing is resolved on the host.
 */
final class CopyPaths {

    private CopyPaths() {}

    /** Whether {@code path} asserts a directory: it ends with {@code /} or {@code /.} (or is {@code .}). */
    static boolean assertsDirectory(String path) {
        return path.endsWith("/") || specifiesCurrentDir(path);
    }

    /** Whether the last component of {@code path} is {@code .}. */
    static boolean specifiesCurrentDir(String path) {
        return base(path).equals(".");
    }

    /**
     * {@code cleaned} (a cleaned form of {@code original}) with {@code original}'s trailing
     * {@code /.} or {@code /} put back.
     */
    static String preserveTrailingDotOrSeparator(String cleaned, String original) {
        String result = cleaned;
        if (!specifiesCurrentDir(result) && specifiesCurrentDir(original)) {
            if (!result.endsWith("/")) {
                result += "/";
            }
            result += ".";
        }
        if (!result.endsWith("/") && original.endsWith("/")) {
            result += "/";
        }
        return result;
    }

    /** The directory and the last component, a trailing {@code .} kept as the last component. */
    static String[] splitPathDirEntry(String path) {
        String cleaned = clean(path);
        if (specifiesCurrentDir(path)) {
            cleaned += "/.";
        }
        return new String[] {dir(cleaned), base(cleaned)};
    }

    /** Go's {@code filepath.Base}: the last component, trailing separators ignored. */
    static String base(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        p = p.substring(p.lastIndexOf('/') + 1);
        return p.isEmpty() ? "/" : p;
    }

    /** Go's {@code filepath.Dir}: everything but the last component, cleaned. */
    static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return clean(slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash));
    }

    /** {@code path} as a container path: absolute, cleaned, its trailing {@code /} or {@code /.} kept. */
    static String inContainer(String path) {
        return preserveTrailingDotOrSeparator(clean("/" + path), path);
    }

    /** {@code a} and {@code b} joined and cleaned, as Go's {@code filepath.Join}. */
    static String join(String a, String b) {
        return clean(a + "/" + b);
    }
}
