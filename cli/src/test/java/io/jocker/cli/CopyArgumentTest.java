package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Docker's {@code splitCpArg}: a colon names a container unless the path is explicitly local. */
class CopyArgumentTest {

    @Test
    void splitsAsDockersClient() {
        assertEquals(new CopyArgument("web", "/etc/hosts"), CopyArgument.parse("web:/etc/hosts"));
        assertEquals(new CopyArgument("web", "etc"), CopyArgument.parse("web:etc"));
        assertEquals(new CopyArgument(null, "/a:b"), CopyArgument.parse("/a:b"));
        assertEquals(new CopyArgument(null, "./a:b"), CopyArgument.parse("./a:b"));
        assertEquals(new CopyArgument(null, "file.txt"), CopyArgument.parse("file.txt"));
        assertEquals(new CopyArgument(null, "-"), CopyArgument.parse("-"));
        assertEquals(new CopyArgument(null, "path"), CopyArgument.parse(":path"));
    }
}
