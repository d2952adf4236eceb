package io.jocker.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small assertions the JUnit API lacks. */
public final class Asserts {

    private Asserts() {}

    /** Asserts that {@code actual} contains every one of {@code parts}. */
    public static void assertContains(String actual, String... parts) {
        for (String part : parts) {
            assertTrue(actual != null && actual.contains(part), () -> "expected \"" + part + "\" in: " + actual);
        }
    }
}
