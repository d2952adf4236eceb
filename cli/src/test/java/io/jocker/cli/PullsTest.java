package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.EngineException;
import org.junit.jupiter.api.Test;

/** {@code run} and {@code create} refuse a bad image reference as Docker 28's client does, before anything else. */
class PullsTest {

    @Test
    void aBadReferenceGetsTheReferenceLibrarysWords() {
        assertEquals("invalid reference format",
                assertThrows(EngineException.class, () -> Pulls.checkReference(":bad")).getMessage());
        assertEquals("invalid reference format: repository name (library/Upper) must be lowercase",
                assertThrows(EngineException.class, () -> Pulls.checkReference("Upper")).getMessage());
        assertEquals("invalid reference format: repository name (x/Y) must be lowercase",
                assertThrows(EngineException.class, () -> Pulls.checkReference("x/Y")).getMessage());
    }

    @Test
    void idsAndNamesDockerAcceptsPass() {
        // An upper-case first component is a registry's host name to Docker.
        assertDoesNotThrow(() -> Pulls.checkReference("UPPER/x"));
        assertDoesNotThrow(() -> Pulls.checkReference("a".repeat(64)));
        assertDoesNotThrow(() -> Pulls.checkReference("sha256:" + "a".repeat(64)));
        assertDoesNotThrow(() -> Pulls.checkReference("localhost:5000/app:1@sha256:" + "a".repeat(64)));
        assertDoesNotThrow(() -> Pulls.checkReference("abc12"));
    }
}
