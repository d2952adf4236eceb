package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated /etc files are text files: every line, the last one included, ends with a newline. */
class EtcFilesTest {

    @TempDir
    Path dir;

    @Test
    void everyGeneratedFileEndsWithOneNewline() throws Exception {
        Path hostResolv = Files.writeString(dir.resolve("host-resolv.conf"), "nameserver 127.0.0.53\nnameserver 192.0.2.1\nsearch example");

        EtcFiles.write(dir.resolve("c"), "web", hostResolv);

        for (String name : new String[] {"hosts", "hostname", "resolv.conf"}) {
            String content = Files.readString(dir.resolve("c").resolve(name));
            assertTrue(content.endsWith("\n") && !content.endsWith("\n\n"), () -> name + ": " + content);
        }
        assertTrue(Files.readString(dir.resolve("c/hosts")).endsWith("127.0.1.1\tweb\n"));
        assertEquals("nameserver 192.0.2.1\nsearch example\n", Files.readString(dir.resolve("c/resolv.conf")));
    }
}
