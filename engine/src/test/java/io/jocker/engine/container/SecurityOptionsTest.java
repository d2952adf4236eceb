package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityOptionsTest {

    @Test
    void readsDockersOptions() {
        SecurityOptions options = SecurityOptions.parse(List.of("seccomp=unconfined", "no-new-privileges", "label=disable",
                "apparmor=unconfined"));
        assertTrue(options.unconfined());
        assertTrue(options.noNewPrivileges());
        assertFalse(options.customProfile());
        assertFalse(SecurityOptions.parse(List.of("no-new-privileges=false")).noNewPrivileges());
        assertTrue(SecurityOptions.parse(List.of("no-new-privileges:true")).noNewPrivileges());
        assertFalse(SecurityOptions.parse(List.of("seccomp=builtin")).customProfile());
        assertTrue(SecurityOptions.parse(List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}")).customProfile());
        assertEquals(null, SecurityOptions.parse(List.of()).seccomp());
    }

    @Test
    void refusesWhatDockerRefusesInItsWords() {
        assertEquals("invalid --security-opt 1: \"label\"",
                assertThrows(InvalidRequestException.class, () -> SecurityOptions.parse(List.of("label"))).getMessage());
        assertEquals("invalid --security-opt 2: \"unknown=something\"",
                assertThrows(InvalidRequestException.class, () -> SecurityOptions.parse(List.of("unknown=something"))).getMessage());
        assertEquals("invalid --security-opt 2: \"no-new-privileges=maybe\"", assertThrows(InvalidRequestException.class,
                () -> SecurityOptions.parse(List.of("no-new-privileges=maybe"))).getMessage());
    }
}
