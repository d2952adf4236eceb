package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityOptsTest {

    @TempDir
    Path dir;

    @Test
    void aProfileFileBecomesItsCompactedJson() throws Exception {
        Files.writeString(dir.resolve("p.json"), "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"comment\": \"a \\\" b\"\n}\n");
        assertEquals(List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"comment\":\"a \\\" b\"}", "seccomp=unconfined",
                "no-new-privileges", "label=disable"),
                SecurityOpts.read(List.of("seccomp=p.json", "seccomp=unconfined", "no-new-privileges", "label=disable"),
                        dir::resolve));
    }

    @Test
    void refusesAsDockersClientDoes() throws Exception {
        assertEquals("invalid --security-opt: \"seccomp\"", assertThrows(InvalidRequestException.class,
                () -> SecurityOpts.read(List.of("seccomp"), dir::resolve)).getMessage());
        assertEquals("opening seccomp profile (nope.json) failed: open nope.json: no such file or directory",
                assertThrows(InvalidRequestException.class, () -> SecurityOpts.read(List.of("seccomp=nope.json"), dir::resolve))
                        .getMessage());
        Files.writeString(dir.resolve("bad.json"), "{\"a\": }");
        String message = assertThrows(InvalidRequestException.class,
                () -> SecurityOpts.read(List.of("seccomp=bad.json"), dir::resolve)).getMessage();
        assertTrue(message.startsWith("compacting json for seccomp profile (bad.json) failed: "), message);
        assertTrue(!message.contains("\n"), message);
    }
}
