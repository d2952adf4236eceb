package io.jocker.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceTest {

    @ParameterizedTest
    @CsvSource({
        "busybox, busybox, latest",
        "busybox:1.36, busybox, 1.36",
        "library/busybox:musl, library/busybox, musl",
        "localhost:5000/team/app:v1, localhost:5000/team/app, v1",
        "Registry.Example.com/x/y:Tag_1.2-3, Registry.Example.com/x/y, Tag_1.2-3",
        "a__b/c.d/e-f/g---h, a__b/c.d/e-f/g---h, latest",
        "localhost:5000, localhost, 5000",
    })
    void parsesValidReferences(String text, String repository, String tag) throws InvalidReferenceException {
        Reference reference = Reference.parse(text);
        assertEquals(new Reference(repository, tag), reference);
        assertEquals(repository + ":" + tag, reference.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPPER:tag", "Busybox", "team/App:v1"})
    void upperCaseRepositoriesGetDockersMessage(String text) {
        assertEquals("invalid reference format: repository name must be lowercase",
                assertThrows(InvalidReferenceException.class, () -> Reference.parse(text)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a:", ":tag", "a//b", "a:tag with space", "-a", "a-", "a_", "a/", "/a", "a:.tag",
        "a@sha256:0123", "a:b:c", "a___b", "../etc", "a..b"})
    void malformedReferencesAreRejected(String text) {
        assertEquals("invalid reference format",
                assertThrows(InvalidReferenceException.class, () -> Reference.parse(text)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 128})
    void tagsMayHaveUpTo128Characters(int length) throws InvalidReferenceException {
        assertEquals("t".repeat(length), Reference.parse("a:" + "t".repeat(length)).tag());
    }

    @Test
    void longerTagsAndNamesAreRejected() {
        assertThrows(InvalidReferenceException.class, () -> Reference.parse("a:" + "t".repeat(129)));
        assertEquals("invalid reference format: repository name must not be more than 255 characters",
                assertThrows(InvalidReferenceException.class, () -> Reference.parse("a/".repeat(128) + "b")).getMessage());
        assertThrows(InvalidReferenceException.class, () -> Reference.parse(null));
    }
}
