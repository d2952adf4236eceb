package io.jocker.namespaces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a container path to a host path under the container's root, following symlinks as
 * the container would see them: absolute links and {@code ..} never leave the root.
 */
final class SecureJoin {

    private static final int MAX_LINKS = 40;

    private SecureJoin() {}

    /** The host path of {@code containerPath} inside {@code root}; missing components are appended as they are. */
    static Path resolve(Path root, String containerPath) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, containerPath);
        Path current = root;
        int links = 0;
        while (!pending.isEmpty()) {
            String component = pending.pop();
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(component);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links in " + containerPath);
                }
                String target = Files.readSymbolicLink(next).toString();
                push(pending, target);
                if (target.startsWith("/")) {
                    current = root;
                }
                continue;
            }
            current = next;
        }
        return current;
    }

    private static void push(Deque<String> pending, String path) {
        String[] components = path.split("/");
        for (int i = components.length - 1; i >= 0; i--) {
            pending.push(components[i]);
        }
    }
}
