package io.jocker.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Filters match as Docker's filters.Args: alternatives within a key, all keys, labels by key or key=value. */
class FiltersTest {

    @Test
    void keysAreTrimmedAndCaseInsensitiveValuesTrimmed() {
        Filters f = Filters.parse(List.of(" Label = team=a ", "LABEL=x"));
        assertEquals(List.of("team=a", "x"), f.get("label"));
    }

    @Test
    void aFlagWithoutEqualsOrAnUnknownKeyIsRefusedAsDockerWordsIt() {
        assertEquals("bad format of filter (expected name=value)",
                assertThrows(InvalidRequestException.class, () -> Filters.parse(List.of("label"))).getMessage());
        assertEquals("invalid filter 'colour'", assertThrows(InvalidRequestException.class,
                () -> Filters.parse(List.of("colour=red")).accept(Set.of("label"))).getMessage());
    }

    @Test
    void labelsMustAllMatchByKeyOrKeyAndValue() {
        Map<String, String> labels = Map.of("team", "a", "env", "");
        assertTrue(Filters.NONE.matchLabels(labels));
        assertTrue(Filters.parse(List.of("label=team")).matchLabels(labels));
        assertTrue(Filters.parse(List.of("label=team=a", "label=env")).matchLabels(labels));
        assertFalse(Filters.parse(List.of("label=team=b")).matchLabels(labels));
        assertFalse(Filters.parse(List.of("label=team", "label=other")).matchLabels(labels));
        assertFalse(Filters.parse(List.of("label=team")).matchLabels(Map.of()));
        assertFalse(Filters.parse(List.of("label!=team=a")).matchLabels(labels));
        assertTrue(Filters.parse(List.of("label!=team=b")).matchLabels(labels));
    }

    @Test
    void exactAndFuzzyMatchesAreAlternatives() {
        Filters f = Filters.parse(List.of("type=image", "type=volume", "container=abc"));
        assertTrue(f.exactMatch("type", "volume"));
        assertFalse(f.exactMatch("type", "container"));
        assertTrue(f.exactMatch("event", "anything"), "a key not given matches");
        assertTrue(f.fuzzyMatch("container", "abcdef"));
        assertFalse(f.fuzzyMatch("container", "xabc"));
    }

    @Test
    void booleansAreTrueOrFalseNotBoth() {
        assertEquals(Optional.of(true), Filters.parse(List.of("dangling=1")).bool("dangling"));
        assertEquals(Optional.of(false), Filters.parse(List.of("dangling=false")).bool("dangling"));
        assertEquals(Optional.empty(), Filters.NONE.bool("dangling"));
        assertThrows(InvalidRequestException.class, () -> Filters.parse(List.of("dangling=true", "dangling=0")).bool("dangling"));
        assertThrows(InvalidRequestException.class, () -> Filters.parse(List.of("dangling=yes")).bool("dangling"));
    }

    @Test
    void oneUntilAtMost() {
        assertThrows(InvalidRequestException.class,
                () -> Filters.parse(List.of("until=1h", "until=2h")).time("until", java.time.Instant.now()));
    }
}
