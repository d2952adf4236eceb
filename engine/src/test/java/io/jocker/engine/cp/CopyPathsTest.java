package io.jocker.engine.cp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.jocker.engine.tree.GoPaths;

import org.junit.jupiter.api.Test;

/** Go's path functions as moby's go-archive uses them; each expectation is what Go returns. */
class CopyPathsTest {

    @Test
    void cleanFoldsAsGoDoes() {
        assertEquals("/", GoPaths.clean("/.."));
        assertEquals("/a/c", GoPaths.clean("//a/./b/../c/"));
        assertEquals("../a", GoPaths.clean("../a"));
        assertEquals(".", GoPaths.clean(""));
        assertEquals(".", GoPaths.clean("a/.."));
    }

    @Test
    void baseAndDir() {
        assertEquals("b", CopyPaths.base("/a/b/"));
        assertEquals("/", CopyPaths.base("//"));
        assertEquals(".", CopyPaths.base("a/."));
        assertEquals(".", CopyPaths.base(""));
        assertEquals("/a", CopyPaths.dir("/a/b"));
        assertEquals("/", CopyPaths.dir("/a"));
        assertEquals(".", CopyPaths.dir("a"));
    }

    @Test
    void aTrailingSlashOrDotAssertsADirectory() {
        assertTrue(CopyPaths.assertsDirectory("/a/"));
        assertTrue(CopyPaths.assertsDirectory("/a/."));
        assertTrue(CopyPaths.assertsDirectory("."));
        assertFalse(CopyPaths.assertsDirectory("/a"));
        assertFalse(CopyPaths.assertsDirectory("/a.b"));
    }

    @Test
    void cleaningKeepsTheTrailingDotOrSlash() {
        assertEquals("/a/b/.", CopyPaths.preserveTrailingDotOrSeparator("/a/b", "/a//b/."));
        assertEquals("/a/b/", CopyPaths.preserveTrailingDotOrSeparator("/a/b", "/a/b/"));
        assertEquals("/", CopyPaths.preserveTrailingDotOrSeparator("/", "/"));
        assertEquals("/.", CopyPaths.preserveTrailingDotOrSeparator("/", "/."));
        assertEquals("/etc/.", CopyPaths.inContainer("etc/."));
        assertEquals("/etc/", CopyPaths.inContainer("etc//"));
        assertEquals("/x", CopyPaths.inContainer("../../x"));
    }

    @Test
    void splitKeepsADotAsTheEntry() {
        assertArrayEquals(new String[] {"/a", "b"}, CopyPaths.splitPathDirEntry("/a/b/"));
        assertArrayEquals(new String[] {"/a/b", "."}, CopyPaths.splitPathDirEntry("/a/b/."));
        assertArrayEquals(new String[] {"/", "."}, CopyPaths.splitPathDirEntry("/."));
        assertArrayEquals(new String[] {".", "file"}, CopyPaths.splitPathDirEntry("file"));
    }
}
