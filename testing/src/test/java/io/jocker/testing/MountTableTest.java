package io.jocker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {

    @Test
    void unescapesMountinfoOctalEscapes() {
        assertEquals("/tmp/a b\tc\\d", MountTable.unescape("/tmp/a\\040b\\011c\\134d"));
        assertEquals("/plain\\09", MountTable.unescape("/plain\\09"));
    }

    @Test
    void findsMountsUnderARoot() throws Exception {
        MountTable table = new MountTable(List.of(Path.of("/"), Path.of("/tmp/x/merged"), Path.of("/tmp/xy")));
        assertEquals(List.of(Path.of("/tmp/x/merged")), table.under(Path.of("/tmp/x")));
        assertTrue(MountTable.current().contains(Path.of("/")));
    }
}
