package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureJoinTest {

    @TempDir Path root;

    @Test
    void dotDotStopsAtTheRoot() throws IOException {
        assertEquals(root.resolve("etc/passwd"), SecureJoin.resolve(root, "/../../../etc/passwd"));
        assertEquals(root.resolve("b"), SecureJoin.resolve(root, "a/../../b"));
    }

    @Test
    void absoluteLinksAreResolvedInsideTheRoot() throws IOException {
        Files.createDirectories(root.resolve("real/dir"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/real"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/../../../../etc"));
        Files.createSymbolicLink(root.resolve("real/rel"), Path.of("../real/dir"));
        assertEquals(root.resolve("real/dir/x"), SecureJoin.resolve(root, "/abs/dir/x"));
        assertEquals(root.resolve("etc/shadow"), SecureJoin.resolve(root, "/escape/shadow"));
        assertEquals(root.resolve("real/dir/y"), SecureJoin.resolve(root, "/real/rel/y"));
    }

    @Test
    void linkLoopsEndWithAnError() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        IOException e = assertThrows(IOException.class, () -> SecureJoin.resolve(root, "/a/x"));
        assertEquals("too many levels of symbolic links in /a/x", e.getMessage());
    }
}
