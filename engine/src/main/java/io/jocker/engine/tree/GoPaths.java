package io.jocker.engine.tree;

import java.util.ArrayDeque;

/** Paths cleaned lexically as Go's {@code path/filepath} does, which Docker's cp and archive code use. */
public final class GoPaths {

    private GoPaths() {}

    /** Go's {@code filepath.Clean}: no repeated, trailing or {@code .} separators, {@code ..} folded lexically. */
    public static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean absolute = path.startsWith("/");
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!absolute) {
                    parts.addLast(part);
                }
                continue;
            }
            parts.addLast(part);
        }
        String joined = String.join("/", parts);
        if (absolute) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
