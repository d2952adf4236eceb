package io.jocker.engine.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path inside a container's root file system the way the kernel would after
 * chroot: {@code ..} stops at the root and symbolic links (absolute ones too) resolve inside
 * the root, so a hostile image cannot point jocker at a host file.
 */
public final class RootfsPaths {

    private static final int MAX_LINKS = 40;

    private RootfsPaths() {}

    /** The host path for {@code path} inside {@code root}; the last component need not exist. */
    public static Path resolve(Path root, String path) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, path);
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                resolved.pollLast();
                continue;
            }
            Path candidate = join(root, resolved).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links resolving " + path);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                push(pending, target);
            } else {
                resolved.addLast(part);
            }
        }
        return join(root, resolved);
    }

    /** Whether {@code path} inside the root is an existing directory (links resolved inside the root). */
    public static boolean isDirectory(Path root, String path) throws IOException {
        return Files.isDirectory(resolve(root, path), LinkOption.NOFOLLOW_LINKS);
    }

    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }

    private static Path join(Path root, Deque<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}
