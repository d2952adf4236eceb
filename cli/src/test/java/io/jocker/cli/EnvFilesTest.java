package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFilesTest {

    @TempDir
    Path dir;

    @Test
    void filesThenFlagsWithCallerValuesForBareKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("env"), "# comment\n\n  A=1\nB=has = sign\nFROM_CALLER\nUNSET\n");

        List<String> env = EnvFiles.entries(List.of(file), List.of("C=3", "FROM_CALLER", "EMPTY="),
                Map.of("FROM_CALLER", "caller value"));

        assertEquals(List.of("A=1", "B=has = sign", "FROM_CALLER=caller value", "C=3", "FROM_CALLER=caller value", "EMPTY="), env);
    }

    @Test
    void badEntriesAreRefusedWithDockersWording() {
        assertEquals("variable 'A B' contains whitespaces",
                assertThrows(IllegalArgumentException.class, () -> EnvFiles.entries(List.of(), List.of("A B=1"), Map.of())).getMessage());
        assertEquals("invalid environment variable: =x",
                assertThrows(IllegalArgumentException.class, () -> EnvFiles.entries(List.of(), List.of("=x"), Map.of())).getMessage());
        assertEquals("open " + dir.resolve("missing") + ": no such file or directory",
                assertThrows(IllegalArgumentException.class,
                        () -> EnvFiles.entries(List.of(dir.resolve("missing")), List.of(), Map.of())).getMessage());
    }
}
