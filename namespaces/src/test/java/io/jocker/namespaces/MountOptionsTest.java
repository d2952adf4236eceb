package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.linux.Mounts;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {

    @Test
    void flagsPropagationAndDataAreSeparated() {
        MountOptions options = MountOptions.parse(List.of("rbind", "ro", "nosuid", "rslave", "size=1m", "mode=1777"));
        assertTrue(options.bind());
        assertTrue(options.recursive());
        assertEquals(Mounts.MS_RDONLY | Mounts.MS_NOSUID, options.flags());
        assertEquals(Mounts.MS_SLAVE | Mounts.MS_REC, options.propagation());
        assertEquals("size=1m,mode=1777", options.data());
    }

    @Test
    void laterOptionsWin() {
        MountOptions options = MountOptions.parse(List.of("ro", "rw", "bind"));
        assertEquals(0, options.flags());
        assertTrue(options.bind());
        assertFalse(options.recursive());
        assertEquals(0, options.propagation());
    }

    @Test
    void smuggledCommaIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MountOptions.parse(List.of("size=1m,uid=0")));
        assertTrue(e.getMessage().contains("size=1m,uid=0"));
    }
}
