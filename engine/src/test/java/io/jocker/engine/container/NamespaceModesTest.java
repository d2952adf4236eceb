package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.HostConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --pid, --ipc, --uts and --cgroupns: Docker's checks and defaults, and what a container shares at start. */
class NamespaceModesTest {

    @Test
    void defaultsAreDockers() {
        NamespaceModes modes = NamespaceModes.of(CreateRequest.of("busybox", "true"));
        assertEquals(new NamespaceModes("", "private", "", "private"), modes);
        assertEquals(Map.of(), modes.shared(name -> null));
    }

    @Test
    void badModesAreRefusedWithDockersWords() {
        assertRefused(CreateRequest.builder().host(h -> h.pidMode("container:")), "--pid: invalid PID mode");
        assertRefused(CreateRequest.builder().host(h -> h.pidMode("private")), "--pid: invalid PID mode");
        assertRefused(CreateRequest.builder().host(h -> h.ipcMode("foo")), "invalid IPC mode: foo");
        assertRefused(CreateRequest.builder().host(h -> h.utsMode("private")), "--uts: invalid UTS mode");
        assertRefused(CreateRequest.builder().host(h -> h.cgroupnsMode("foo")), "--cgroupns: invalid CGROUP mode");
        assertRefused(CreateRequest.builder().host(h -> h.utsMode("host")).hostname("x"), "conflicting options: hostname and the UTS mode");
    }

    @Test
    void sharedNamespacesAreTheHostsOrARunningShareableContainersOnly() {
        ContainerRecord donor = container("shareable", 4242);
        NamespaceModes modes = new NamespaceModes("container:d", "container:d", "host", "host");
        assertEquals(Map.of("pid", 4242L, "ipc", 4242L, "uts", 0L, "cgroup", 0L), modes.shared(name -> donor));
        InvalidRequestException privateIpc = assertThrows(InvalidRequestException.class,
                () -> new NamespaceModes("", "container:d", "", "private").shared(name -> container("private", 4242)));
        assertEquals("non-shareable IPC (hint: use IpcMode:shareable for the donor container)", privateIpc.getMessage());
        InvalidRequestException stopped = assertThrows(InvalidRequestException.class,
                () -> new NamespaceModes("container:d", "private", "", "private").shared(name -> container("private", 0)));
        assertEquals("cannot join PID of a non running container: " + "d".repeat(64), stopped.getMessage());
    }

    private static ContainerRecord container(String ipcMode, long pid) {
        ContainerState state = pid > 0 ? ContainerState.created().running(pid, 1, Instant.now()) : ContainerState.created();
        return ContainerRecord.builder().id("d".repeat(64)).hostConfig(HostConfig.builder().ipcMode(ipcMode).build())
                .state(state).build();
    }

    private static void assertRefused(CreateRequest.Builder request, String message) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> NamespaceModes.of(request.image("busybox").build()));
        assertEquals(message, e.getMessage());
    }
}
