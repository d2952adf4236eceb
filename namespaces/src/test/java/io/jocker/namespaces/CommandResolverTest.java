package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandResolverTest {

    @TempDir Path dir;

    @Test
    void searchesEveryPathEntryInOrderSkippingDirectoriesAndMissingFiles() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.createDirectory(first.resolve("tool"));
        Files.writeString(second.resolve("tool"), "");
        List<String> env = List.of("PATH=/nowhere", "PATH=" + first + ":" + dir.resolve("missing") + ":" + second);
        assertEquals(List.of(second + "/tool"), CommandResolver.candidates("tool", env));
    }

    @Test
    void commandWithASlashIsTakenAsIs() {
        assertEquals(List.of("./x"), CommandResolver.candidates("./x", List.of()));
        assertEquals(List.of("/no/such"), CommandResolver.candidates("/no/such", List.of("PATH=/bin")));
    }

    @Test
    void emptyCommandFindsNothing() {
        assertEquals(List.of(), CommandResolver.candidates("", List.of("PATH=/bin")));
    }

    @Test
    void messagesFollowDocker() {
        assertEquals("exec: \"foo\": executable file not found in $PATH", CommandResolver.notFoundMessage("foo"));
        assertEquals("exec: \"/foo\": stat /foo: no such file or directory", CommandResolver.notFoundMessage("/foo"));
    }
}
