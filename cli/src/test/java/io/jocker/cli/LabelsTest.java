package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {

    @TempDir
    Path tmp;

    @Test
    void filesComeFirstThenFlagsAndALaterLabelReplacesAnEarlierOne() throws Exception {
        Path file = Files.writeString(tmp.resolve("labels"), "# comment\n\n  tier=web\nempty\nshared=from-file\r\nwith=an=equals\n");
        Map<String, String> labels = Labels.of(List.of(file), List.of("shared=from-flag", "bare"));
        assertEquals(Map.of("tier", "web", "empty", "", "shared", "from-flag", "with", "an=equals", "bare", ""), labels);
        assertEquals(List.of("tier", "empty", "shared", "with", "bare"), List.copyOf(labels.keySet()));
    }

    @Test
    void aKeyWithWhiteSpaceOrNoneInAFileIsRefused() throws Exception {
        Path spaced = Files.writeString(tmp.resolve("spaced"), "my key=v\n");
        assertEquals("variable 'my key' contains whitespaces",
                assertThrows(InvalidRequestException.class, () -> Labels.of(List.of(spaced), List.of())).getMessage());
        Path nameless = Files.writeString(tmp.resolve("nameless"), "=v\n");
        assertEquals("no variable name on line '=v'",
                assertThrows(InvalidRequestException.class, () -> Labels.of(List.of(nameless), List.of())).getMessage());
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = tmp.resolve("missing");
        assertEquals("open " + missing + ": no such file or directory",
                assertThrows(InvalidRequestException.class, () -> Labels.of(List.of(missing), List.of())).getMessage());
    }
}
