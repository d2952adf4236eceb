package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import java.nio.charset.StandardCharsets;
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
                assertThrows(InvalidRequestException.class, () -> EnvFiles.entries(List.of(), List.of("A B=1"), Map.of())).getMessage());
        assertEquals("invalid environment variable: =x",
                assertThrows(InvalidRequestException.class, () -> EnvFiles.entries(List.of(), List.of("=x"), Map.of())).getMessage());
        assertEquals("open " + dir.resolve("missing") + ": no such file or directory",
                assertThrows(InvalidRequestException.class,
                        () -> EnvFiles.entries(List.of(dir.resolve("missing")), List.of(), Map.of())).getMessage());
    }

    @Test
    void filesThatAreNoEnvFilesAreRefusedWithTheFileAndLine() throws Exception {
        Path nul = Files.write(dir.resolve("nul"), "A=1\nB=x\0y\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("invalid env file (" + nul + "): a NUL byte at line 2",
                assertThrows(InvalidRequestException.class, () -> EnvFiles.entries(List.of(nul), List.of(), Map.of())).getMessage());
        Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'A', '=', (byte) 0xe9, '\n'});
        assertEquals("invalid env file (" + latin1 + "): invalid utf8 bytes at line 1",
                assertThrows(InvalidRequestException.class, () -> EnvFiles.entries(List.of(latin1), List.of(), Map.of())).getMessage());
        assertEquals("read " + dir + ": is a directory",
                assertThrows(InvalidRequestException.class, () -> EnvFiles.entries(List.of(dir), List.of(), Map.of())).getMessage());
    }

    @Test
    void aByteOrderMarkAndCarriageReturnsAreNotPartOfTheEntries() throws Exception {
        Path file = Files.writeString(dir.resolve("env"), "\uFEFFA=1\r\nB=2\r\n");
        assertEquals(List.of("A=1", "B=2"), EnvFiles.entries(List.of(file), List.of(), Map.of()));
    }
}
