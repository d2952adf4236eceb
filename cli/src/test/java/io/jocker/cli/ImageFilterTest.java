package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.images.ImageSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageFilterTest {

    private static final ImageSummary TAGGED = image("busybox", Map.of("maintainer", "me", "tier", "base"));
    private static final ImageSummary DANGLING = image(ImageSummary.NONE, Map.of());

    @Test
    void danglingSelectsTheUntaggedOrTheTagged() {
        assertTrue(ImageFilter.parse(List.of("dangling=true")).includes(DANGLING));
        assertFalse(ImageFilter.parse(List.of("dangling=true")).includes(TAGGED));
        assertTrue(ImageFilter.parse(List.of("dangling=0")).includes(TAGGED));
        assertFalse(ImageFilter.parse(List.of("dangling=false")).includes(DANGLING));
    }

    @Test
    void labelsMustAllMatchAndNoneOfTheExcludedOnes() {
        assertTrue(ImageFilter.parse(List.of("label=maintainer", "label=tier=base")).includes(TAGGED));
        assertFalse(ImageFilter.parse(List.of("label=maintainer", "label=tier=app")).includes(TAGGED));
        assertFalse(ImageFilter.parse(List.of("label!=tier")).includes(TAGGED));
        assertTrue(ImageFilter.parse(List.of("label!=tier")).includes(DANGLING));
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedBeforeListing() {
        assertEquals("invalid filter 'colour'",
                assertThrows(InvalidRequestException.class, () -> ImageFilter.parse(List.of("colour=red"))).getMessage());
        assertThrows(InvalidRequestException.class, () -> ImageFilter.parse(List.of("dangling=maybe")));
        assertThrows(InvalidRequestException.class, () -> ImageFilter.parse(List.of("dangling=true", "dangling=false")));
    }

    private static ImageSummary image(String repository, Map<String, String> labels) {
        return new ImageSummary(repository, repository.equals(ImageSummary.NONE) ? ImageSummary.NONE : "latest",
                "sha256:" + "a".repeat(64), Instant.EPOCH, 10, 0, labels);
    }
}
