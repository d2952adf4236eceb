package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --sysctl: only keys of the container's own namespaces, in Docker's client's words, and none that is a path elsewhere. */
class SysctlsTest {

    @Test
    void namespacedKeysAreTakenLastOneWinning() {
        assertEquals(Map.of("net.ipv4.ip_forward", "0", "kernel.shmmax", "1 2", "fs.mqueue.msg_max", "20", "kernel.sem", "1 2 3 4"),
                Sysctls.parseFlags(List.of("net.ipv4.ip_forward=1", "kernel.shmmax=1 2", "fs.mqueue.msg_max=20",
                        "net.ipv4.ip_forward=0", "kernel.sem=1 2 3 4")));
    }

    @Test
    void hostWideAndMalformedKeysAreRefusedWithDockersWording() {
        for (String flag : List.of("kernel.core_pattern=|/x", "vm.swappiness=1", "foo", "kernel.foo=1", "fs.file-max=1",
                "net.ipv4/../../kernel/core_pattern=x", "net..ipv4=1", "net.ipv4.=1", "net.=1")) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Sysctls.parseFlags(List.of(flag)));
            assertEquals("invalid argument \"" + flag + "\" for \"--sysctl\" flag: sysctl '" + flag + "' is not allowed",
                    e.getMessage());
        }
        assertThrows(InvalidRequestException.class, () -> Sysctls.check(Map.of("net/../kernel.x", "1")));
    }
}
